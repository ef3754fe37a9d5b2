//! Issue 13: joint handling (the co-responsible divisions of a measure see its cases and add
//! records; the leading division manages them), routing by item where the work-distribution
//! table splits a measure, and district work (a district-wide scope for district officials).

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau, open_case};

mod district;
mod joint;

fn total(v: &Value) -> i64 {
    v["total"].as_i64().unwrap_or(-1)
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}
