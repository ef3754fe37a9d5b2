//! The JSON API under `/api/v1`. Errors are RFC 9457 problem details; lists are cursor-paged.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod case_list;
pub mod cases;
pub mod colleagues;
pub mod consulting;
pub mod distribution;
pub mod enterprises;
pub mod faq;
pub mod fund_applications;
pub mod fund_batches;
pub mod fund_free;
pub mod fund_payments;
pub mod fund_publicity;
pub mod fund_rules;
pub mod funds;
pub mod jobs;
pub mod me;
pub mod notify;
pub mod openapi;
pub mod org;
pub mod portal;
pub mod users;

use app::Page;
use schemars::JsonSchema;
use serde::Serialize;

use crate::routes::Routes;

/// A page of a list: `{items, next_cursor, total}`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "{T}List")]
pub struct ListBody<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

impl<T> ListBody<T> {
    /// A short list returned whole (reference data): one page, no cursor.
    pub fn whole(items: Vec<T>) -> Self {
        let total = items.len() as i64;
        ListBody {
            items,
            next_cursor: None,
            total,
        }
    }
}

impl<T> From<Page<T>> for ListBody<T> {
    fn from(p: Page<T>) -> Self {
        ListBody {
            items: p.items,
            next_cursor: p.next_cursor,
            total: p.total,
        }
    }
}

/// `?limit=&cursor=` of a cursor-paged list (read by `extract::PageParams`).
#[derive(JsonSchema)]
pub struct PageQuery {
    /// How many items, 1 to 200 (default 50).
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A spreadsheet upload (`multipart/form-data`).
#[derive(JsonSchema)]
pub struct Upload {
    /// The table: CSV (UTF-8) or XLSX.
    #[schemars(extend("contentMediaType" = "application/octet-stream"))]
    pub file: String,
    /// Check only; write nothing.
    pub dry_run: Option<bool>,
    /// Write the valid rows and report the others.
    pub skip_invalid: Option<bool>,
}

/// What an export can answer.
pub const SPREADSHEETS: &[&str] = &[
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// Registers every API route: each area's module adds its own, with its permission and types.
pub fn add(r: Routes) -> Routes {
    let r = openapi::add(r);
    let r = me::add(r);
    let r = notify::add(r);
    let r = users::add(r);
    let r = audit::add(r);
    let r = jobs::add(r);
    let r = org::add(r);
    let r = distribution::add(r);
    let r = enterprises::add(r);
    let r = cases::add(r);
    let r = case_list::add(r);
    let r = portal::add(r);
    let r = attachments::add(r);
    let r = accounts::add(r);
    let r = colleagues::add(r);
    let r = consulting::add(r);
    let r = funds::add(r);
    let r = fund_rules::add(r);
    let r = fund_payments::add(r);
    let r = fund_applications::add(r);
    let r = fund_batches::add(r);
    let r = fund_free::add(r);
    let r = fund_publicity::add(r);
    faq::add(r)
}
