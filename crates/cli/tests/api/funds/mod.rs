//! Measure 2: the programme catalogue, rules as versioned data, decisions and simulation.

mod applications;
mod applications_flow;
mod applications_notices;
mod applications_pages;
mod batches;
mod free;
mod free_pages;
mod ledger;
mod open_pages;
mod pages;
mod programmes;
mod publicity;
mod rule_pages;
mod rules;
mod settlements;
mod simulation;
mod surge;
mod top_ups;

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::Bureau;

/// POSTs `body` to `path` as `token` and asserts the answer's status; its JSON.
pub async fn post_expect(
    b: &Bureau,
    path: &str,
    token: &str,
    body: Value,
    want: StatusCode,
) -> Value {
    let r = b.t.post(path, Some(token), body).await;
    assert_eq!(r.status, want, "{}", r.text());
    r.json()
}

/// A problem's field errors as (field, code) pairs.
pub fn field_codes(r: &testkit::Res) -> Vec<(String, String)> {
    r.json()["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A programme of the "bonuses and awards" item (IP3's), created by IP3's staff.
pub fn bonus(code: &str) -> Value {
    json!({
        "code": code,
        "name_zh": "外商投资奖励",
        "name_en": "Foreign-investment bonus",
        "item": "bonuses and awards",
        "legal_document": "《支持外资外贸企业若干措施》",
        "legal_clause": "第二条第（一）项",
        "year": 2020,
        "budget": 3_000_000_001_i64,
        "payment_mode": "in_advance",
        "documents": ["营业执照", "验资报告"],
        "opens_on": "2020-03-01",
        "closes_on": "2020-12-31"
    })
}

/// Creates a programme as `token`; returns it.
pub async fn create(b: &Bureau, token: &str, body: Value) -> Value {
    let r = b.t.post("/api/v1/fund-programmes", Some(token), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}
