//! Integration tests: the whole router in-process (and the binary, and a browser), on SQLite,
//! and on PostgreSQL when `LIFELINE_TEST_PG` names a server.

mod accounts;
mod ask_status;
mod audit;
mod auth;
mod case_kinds;
mod case_list;
mod case_list_pages;
mod channels;
mod cli;
mod consulting;
mod e2e;
mod faq;
mod follow_ups;
mod funds;
mod imports;
mod imports_calendar;
mod imports_enterprises;
mod jobs;
mod jobs_admin;
mod joint_district;
mod languages;
mod languages_pages;
mod measure1;
mod organisation;
mod organisation_edits;
mod organisation_pages;
mod permissions;
mod phones;
mod platform;
mod portal_replies;
mod registry;
mod schema;
mod sla;
mod time_zone;
mod write_path;
