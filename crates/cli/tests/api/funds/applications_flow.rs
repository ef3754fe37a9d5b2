//! The workflow over the API: returned for a missing invoice, resubmitted, then examined,
//! verified and approved by three different people with the amount committed on the ledger;
//! four eyes; a leader's approval at or above the threshold; refusals that name their field;
//! and staff of another division who cannot act.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, bureau};

use super::applications::{PDF, application, doc, sme_fund, submit};

pub(super) async fn step(
    b: &Bureau,
    token: &str,
    id: &str,
    step: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r =
        b.t.post(
            &format!("/api/v1/funds/applications/{id}/{step}"),
            Some(token),
            body,
        )
        .await;
    (r.status, r.json())
}

pub(super) async fn ok(b: &Bureau, token: &str, id: &str, name: &str, body: Value) -> Value {
    let (status, v) = step(b, token, id, name, body).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    v
}

pub(super) async fn applied(b: &Bureau, sme: &str, fen: i64) -> String {
    let r = submit(b, &b.firm_a, None, &application(sme, fen)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn returned_for_an_invoice_resubmitted_then_examined_verified_and_approved_by_three() {
    let b = bureau().await;
    let (sme, chief) = sme_fund(&b).await;
    let id = applied(&b, &sme, 2_000_000).await;

    // The examiner returns it: an invoice is missing. A return names what is missing.
    let (status, p) = step(&b, &b.staff_ft, &id, "return", json!({"missing": []})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "missing");
    let (status, p) = step(
        &b,
        &b.staff_ft,
        &id,
        "return",
        json!({"missing": ["documents.护照"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "missing[0]");
    let a = ok(
        &b,
        &b.staff_ft,
        &id,
        "return",
        json!({"missing": ["documents.发票"], "note": "缺少第二季度发票"}),
    )
    .await;
    assert_eq!(a["status"], "returned_for_correction");
    // The enterprise sees what is missing, and may resubmit or withdraw.
    let mine =
        b.t.get(&format!("/api/v1/funds/applications/{id}"), Some(&b.firm_a))
            .await
            .json();
    assert_eq!(mine["missing"], json!(["documents.发票"]));
    assert_eq!(mine["can"], json!(["resubmit", "withdraw"]));
    assert_eq!(mine["steps"][1]["actor"], "bureau");
    // It cannot be examined while it is back with the enterprise.
    let (status, p) = step(&b, &b.staff_ft, &id, "examine", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert_eq!(p["code"], "invalid_transition");

    let a = ok(&b, &b.firm_a, &id, "resubmit", json!({"documents": [doc("发票", "invoice-q2.pdf", PDF)], "figures": {"market_costs": 3_000_000}})).await;
    assert_eq!(a["status"], "submitted");
    assert_eq!(a["missing"], json!([]));
    assert_eq!(a["files"].as_array().map(Vec::len), Some(3));
    // The new figures are decided again: 50 % of ¥30,000.00.
    assert_eq!(a["amount"], 1_500_000);

    ok(&b, &b.staff_ft, &id, "examine", json!({})).await;
    // Only a reviewer verifies; the chief cannot approve before.
    let (status, _) = step(&b, &b.staff_ft, &id, "verify", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, p) = step(&b, &chief, &id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    ok(
        &b,
        &b.reviewer,
        &id,
        "verify",
        json!({"note": "现场核查：展位费发票与合同一致"}),
    )
    .await;
    let a = ok(&b, &chief, &id, "approve", json!({})).await;
    assert_eq!(a["status"], "approved");
    assert_eq!(a["can"], json!([]));
    let steps: Vec<&str> = a["steps"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["step"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        steps,
        [
            "submit", "return", "resubmit", "examine", "verify", "approve"
        ]
    );
    assert_eq!(a["steps"][4]["note"], "现场核查：展位费发票与合同一致");

    // The amount is committed on the ledger.
    assert!(a["payment_id"].is_string(), "{a}");
    let budget =
        b.t.get(
            &format!("/api/v1/funds/programmes/{sme}/budget"),
            Some(&chief),
        )
        .await
        .json();
    assert_eq!(budget["committed"], 1_500_000, "{budget}");
    // No withdrawing once approved.
    let (status, p) = step(&b, &b.firm_a, &id, "withdraw", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
}

#[tokio::test]
async fn four_eyes_nobody_verifies_or_approves_what_they_examined() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let id = applied(&b, &sme, 2_000_000).await;
    ok(&b, &b.staff_ft, &id, "examine", json!({})).await;
    // The examiner joins the reviewers: still not the one to verify it.
    b.t.raw("UPDATE users SET role = 'reviewer', division = NULL WHERE email = 'ft@example.cn'")
        .await;
    b.t.app.token_cache.clear();
    let (status, p) = step(&b, &b.staff_ft, &id, "verify", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert_eq!(p["code"], "four_eyes");
    ok(&b, &b.reviewer, &id, "verify", json!({})).await;
    // The verifier made chief of FT: still not the one to approve it.
    b.t.raw(
        "UPDATE users SET role = 'division_chief', division = 'FT' WHERE email = 'r@example.cn'",
    )
    .await;
    b.t.app.token_cache.clear();
    let (status, p) = step(&b, &b.reviewer, &id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert_eq!(p["code"], "four_eyes");
    // The trail shows nothing happened.
    let a =
        b.t.get(&format!("/api/v1/funds/applications/{id}"), Some(&b.firm_a))
            .await
            .json();
    assert_eq!(a["status"], "verified");
}

#[tokio::test]
async fn at_or_above_the_threshold_a_leader_approves_after_the_chief() {
    let b = bureau().await;
    let (sme, chief) = sme_fund(&b).await;
    let (_, leader) =
        b.t.user_with_token("leader@example.cn", "leader", None)
            .await;
    // A threshold of ¥5,000.00: the application's ¥10,000.00 reaches it.
    b.t.raw("UPDATE fund_programmes SET leader_threshold_fen = 500000")
        .await;
    let id = applied(&b, &sme, 2_000_000).await;
    ok(&b, &b.staff_ft, &id, "examine", json!({})).await;
    ok(&b, &b.reviewer, &id, "verify", json!({})).await;
    let a = ok(&b, &chief, &id, "approve", json!({})).await;
    assert_eq!(a["status"], "chief_approved");
    assert!(a["payment_id"].is_null());
    let (status, _) = step(&b, &chief, &id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let a = ok(&b, &leader, &id, "approve", json!({})).await;
    assert_eq!(a["status"], "approved");
    assert!(a["payment_id"].is_string());
}

#[tokio::test]
async fn refusals_name_their_field_and_other_divisions_cannot_act() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let id = applied(&b, &sme, 2_000_000).await;
    // IP3's staff and chief do not see FT's application: not found.
    for token in [&b.staff_ip3, &b.chief_ip3] {
        let (status, _) = step(&b, token, &id, "examine", json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Enterprises take no bureau step; firm B not even sees it.
    let (status, _) = step(&b, &b.firm_a, &id, "examine", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = step(&b, &b.firm_b, &id, "withdraw", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A refusal needs a reason.
    let (status, p) = step(&b, &b.staff_ft, &id, "refuse", json!({"reason": " "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "reason");
    let a = ok(
        &b,
        &b.staff_ft,
        &id,
        "refuse",
        json!({"reason": "展位费不属于支持范围"}),
    )
    .await;
    assert_eq!(a["status"], "refused");
    // Refused is final; a new application for the same programme and year may then be made.
    let (status, _) = step(&b, &b.firm_a, &id, "withdraw", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let r = submit(&b, &b.firm_a, None, &application(&sme, 2_000_000)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // Every step is audited.
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_application", Some(&auditor))
            .await
            .json();
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(actions.contains(&"fund_application_refused"), "{actions:?}");
}
