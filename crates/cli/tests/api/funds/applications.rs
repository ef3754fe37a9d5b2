//! Applications over the API: submission (and the same Idempotency-Key again), each refusal
//! naming its field with nothing written, and who sees whose application.

use axum::http::{Method, Request, StatusCode, header};
use base64::Engine;
use serde_json::{Value, json};
use testkit::Res;
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::rules::chief_ft;
use super::{bonus, create};

/// A tiny but real PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

pub fn doc(document: &str, name: &str, bytes: &[u8]) -> Value {
    json!({"document": document, "name": name,
        "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes)})
}

/// The SME international-market fund (FT), open with no deadline, asking for an invoice and
/// a business licence; its published rule pays 50 % of market costs of at least ¥1,000 to
/// foreign-invested enterprises, up to ¥800,000. Answers its id and a token of FT's chief.
pub async fn sme_fund(b: &Bureau) -> (String, String) {
    let mut p = bonus("sme_fund");
    p["item"] = json!("SME international-market fund, export-credit-insurance fund");
    p["payment_mode"] = json!("examined_in_advance");
    p["year"] = json!(2026);
    p["budget"] = json!(1_000_000_000_i64);
    p["documents"] = json!(["营业执照", "发票"]);
    p["opens_on"] = json!("2020-01-01");
    p["closes_on"] = json!("");
    p["published"] = json!(true);
    let id = create(b, &b.staff_ft, p).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/rules"),
            Some(&b.staff_ft),
            json!({
                "effective_from": "2020-01-01",
                "note": "50 % of market costs",
                "rule": {
                    "criteria": [
                        {"kind": "enterprise_kind", "any_of": ["foreign_invested"]},
                        {"kind": "at_least", "figure": "market_costs", "min": 100_000}
                    ],
                    "formula": {"kind": "percentage", "of": "market_costs", "ratio": 5000,
                        "cap": 80_000_000}
                }
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let chief = chief_ft(b).await;
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/rules/1/publish"),
            Some(&chief),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    (id, chief)
}

/// A complete application body for `programme` with market costs of `fen`.
pub fn application(programme: &str, fen: i64) -> Value {
    json!({
        "programme_id": programme,
        "figures": {"market_costs": fen},
        "documents": [doc("营业执照", "licence.pdf", PDF), doc("发票", "invoice.pdf", PDF)]
    })
}

/// Posts an application as `token` with an optional Idempotency-Key.
pub async fn submit(b: &Bureau, token: &str, key: Option<&str>, body: &Value) -> Res {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/funds/applications")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    b.t.send(
        req.body(axum::body::Body::from(body.to_string()))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await
}

/// How many rows the application tables hold (applications, steps, files), counted as the
/// rows a no-op update touches.
pub async fn rows(b: &Bureau) -> (u64, u64, u64) {
    (
        b.t.raw("UPDATE fund_applications SET id = id").await,
        b.t.raw("UPDATE fund_application_steps SET id = id").await,
        b.t.raw("UPDATE fund_application_files SET id = id").await,
    )
}

#[tokio::test]
async fn an_enterprise_applies_and_the_same_key_again_returns_the_first_application() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let body = application(&sme, 2_000_000);
    let r = submit(&b, &b.firm_a, Some("surge-1"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a = r.json();
    assert!(
        a["reference"]
            .as_str()
            .unwrap_or_default()
            .starts_with("F-2026-"),
        "{a}"
    );
    assert_eq!(a["status"], "submitted");
    assert_eq!(a["uscc"], FIRM_A);
    assert_eq!(a["channel"], "api");
    // The stored decision: eligible, 50 % of ¥20,000.00 = ¥10,000.00, explained per criterion.
    assert_eq!(a["eligible"], true);
    assert_eq!(a["amount"], 1_000_000);
    assert_eq!(a["decision"]["criteria"].as_array().map(Vec::len), Some(2));
    assert_eq!(a["decision"]["criteria"][1]["met"], true);
    assert_eq!(a["files"].as_array().map(Vec::len), Some(2));
    assert!(a["due_at"].as_i64().unwrap_or(0) > a["submitted_at"].as_i64().unwrap_or(0));
    assert_eq!(a["can"], json!(["withdraw"]));

    // A retry during a surge: the first application again, never a second.
    let again = submit(&b, &b.firm_a, Some("surge-1"), &body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], a["id"]);
    assert_eq!(rows(&b).await, (1, 1, 2));
    // Another key for the same programme and year: one open application only.
    let second = submit(&b, &b.firm_a, Some("surge-2"), &body).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.text());
    assert_eq!(second.json()["code"], "application_open");
    assert_eq!(rows(&b).await, (1, 1, 2));

    // Staff of the programme's division apply on firm B's behalf; the same key is firm B's own.
    let mut for_b = body.clone();
    for_b["uscc"] = json!(FIRM_B);
    let r = submit(&b, &b.staff_ft, Some("surge-1"), &for_b).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["uscc"], FIRM_B);
    // Staff of another division may not.
    let r = submit(&b, &b.staff_ip3, None, &for_b).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    // Every submission is audited.
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_application", Some(&auditor))
            .await
            .json();
    assert_eq!(trail["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(trail["items"][0]["action"], "fund_application_submitted");
}

async fn refused(b: &Bureau, body: &Value, field: &str, code: &str) {
    let r = submit(b, &b.firm_a, Some(&format!("k-{field}-{code}")), body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let p = r.json();
    let fields = p["errors"].as_array().cloned().unwrap_or_default();
    assert!(
        fields
            .iter()
            .any(|e| e["field"] == field && e["code"] == code),
        "{field} {code} not in {p}"
    );
    assert_eq!(rows(b).await, (0, 0, 0), "nothing written for {field}");
}

#[tokio::test]
async fn each_bad_application_is_refused_naming_its_field_and_nothing_is_written() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    // A required document missing: the invoice.
    let mut no_invoice = application(&sme, 2_000_000);
    no_invoice["documents"] = json!([doc("营业执照", "licence.pdf", PDF)]);
    refused(&b, &no_invoice, "documents.发票", "required").await;
    // A file that is not what its name says.
    let mut fake = application(&sme, 2_000_000);
    fake["documents"][1] = doc("发票", "invoice.pdf", b"\x89PNG\r\n\x1a\n0000");
    refused(&b, &fake, "documents.发票", "file_content_mismatch").await;
    // Figures negative, too large, unknown.
    refused(
        &b,
        &application(&sme, -1),
        "figures.market_costs",
        "negative",
    )
    .await;
    refused(
        &b,
        &application(&sme, 1_000_000_000_000_001),
        "figures.market_costs",
        "out_of_range",
    )
    .await;
    let mut unknown = application(&sme, 1);
    unknown["figures"] = json!({"bitcoins": 5});
    refused(&b, &unknown, "figures.bitcoins", "unknown_field").await;
    // Past the deadline.
    let r =
        b.t.call(
            Method::PATCH,
            &format!("/api/v1/fund-programmes/{sme}"),
            Some(&b.staff_ft),
            Some(json!({"closes_on": "2020-12-31"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    refused(
        &b,
        &application(&sme, 2_000_000),
        "programme",
        "deadline_passed",
    )
    .await;
    // No audit entry either.
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_application", Some(&auditor))
            .await
            .json();
    assert_eq!(trail["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_ineligible_application_is_accepted_with_the_reason_in_its_decision() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let r = submit(&b, &b.firm_a, None, &application(&sme, 50_000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a = r.json();
    assert_eq!(a["eligible"], false);
    assert_eq!(a["amount"], 0);
    assert_eq!(a["decision"]["criteria"][1]["met"], false);
    assert_eq!(a["decision"]["criteria"][1]["short_by"], 50_000);
}

#[tokio::test]
async fn an_enterprise_sees_only_its_own_applications() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let a = submit(&b, &b.firm_a, None, &application(&sme, 2_000_000))
        .await
        .json();
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/funds/applications/{id}");
    assert_eq!(b.t.get(&path, Some(&b.firm_a)).await.status, StatusCode::OK);
    // Firm B: not found, not in its list, no step on it, no file of it.
    assert_eq!(
        b.t.get(&path, Some(&b.firm_b)).await.status,
        StatusCode::NOT_FOUND
    );
    let list = b.t.get("/api/v1/funds/applications", Some(&b.firm_b)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()["items"], json!([]));
    let r =
        b.t.post(&format!("{path}/withdraw"), Some(&b.firm_b), json!({}))
            .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let file = a["files"][0]["id"].as_str().unwrap_or_default();
    let f = format!("/api/v1/funds/application-files/{file}");
    assert_eq!(
        b.t.get(&f, Some(&b.firm_b)).await.status,
        StatusCode::NOT_FOUND
    );
    let mine = b.t.get(&f, Some(&b.firm_a)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body, PDF);
    // Firm B may not apply in firm A's name.
    let mut as_a = application(&sme, 2_000_000);
    as_a["uscc"] = json!(FIRM_A);
    assert_eq!(
        submit(&b, &b.firm_b, None, &as_a).await.status,
        StatusCode::NOT_FOUND
    );
    // Staff of another division do not see it; FT's do; a reviewer and a leader do.
    assert_eq!(
        b.t.get(&path, Some(&b.staff_ip3)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.t.get(&path, Some(&b.staff_ft)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        b.t.get(&path, Some(&b.reviewer)).await.status,
        StatusCode::OK
    );
    let ft_list =
        b.t.get("/api/v1/funds/applications", Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(ft_list["items"][0]["id"], a["id"]);
    let ip3_list =
        b.t.get("/api/v1/funds/applications", Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(ip3_list["items"], json!([]));
}
