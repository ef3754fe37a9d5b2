//! Measure 3: consulting on every channel. An inquiry is a case of kind `inquiry` in the shared
//! case engine; this module adds the channels (messaging-group intake with signed webhooks,
//! replies through the job queue, the hotline log and the web forms), the FAQ, the SLA
//! calendar and clocks.

pub mod channels;
pub mod faq;
pub mod faq_history;
pub mod groups;
pub mod inquiry;
pub mod intake;
pub mod outbox;
pub mod sla;

pub use groups::{GroupCreated, GroupView, NewGroup, create_group, list_groups};
pub(crate) use intake::group_of;
pub use intake::{Inbound, IntakeError, IntakeOutcome, Sender, intake, sign};

/// Registers measure 3's job kinds.
pub fn register_jobs(jobs: &crate::jobs::Registry) {
    outbox::register(jobs);
}
