//! Apply-free payout (免申即享): a run entitles exactly the qualifying enterprises with their
//! amounts (training charges covered in full), a second run makes nothing twice, the
//! enterprise sees its own entitlement explained and confirms its account, which approves the
//! payment; another enterprise cannot see or confirm it.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::{bonus, create, post_expect};

/// Publishes version 1 of `rule` on programme `id` (drafted by `staff`, published by `chief`).
pub async fn publish(b: &Bureau, id: &str, staff: &str, chief: &str, rule: Value) {
    let path = format!("/api/v1/fund-programmes/{id}/rules");
    let v = post_expect(b, &path, staff, rule, StatusCode::CREATED).await;
    let n = v["version"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/fund-programmes/{id}/rules/{n}/publish");
    post_expect(b, &path, chief, json!({}), StatusCode::OK).await;
}

/// Records a figure the bureau holds for 2020.
pub async fn figure(b: &Bureau, token: &str, uscc: &str, figure: &str, fen: i64) {
    let r =
        b.t.call(
            Method::PUT,
            &format!("/api/v1/enterprises/{uscc}/fund-figures"),
            Some(token),
            Some(json!({"year": 2020, "source": "records", "figures": {figure: fen}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// Runs programme `id` as `token`; returns the run.
pub async fn run(b: &Bureau, id: &str, token: &str) -> Value {
    let r = try_run(b, id, token).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// Asks to run programme `id` as `token`; the answer as it is.
async fn try_run(b: &Bureau, id: &str, token: &str) -> testkit::Res {
    let path = format!("/api/v1/fund-programmes/{id}/runs");
    b.t.post(&path, Some(token), json!({})).await
}

/// The account an enterprise enters when it confirms.
pub fn account() -> Value {
    json!({"bank_account": {"bank_name": "中国银行大连分行", "account_name": "大连海湾精密制造有限公司", "account_number": "6216 6102 0001 6587 001", "confirm_name": true}})
}

/// Confirms entitlement `id` as `token` with the account entered; returns the answer.
pub async fn confirm(b: &Bureau, id: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let r =
        b.t.post(
            &format!("/api/v1/fund-entitlements/{id}/confirm"),
            Some(token),
            body,
        )
        .await;
    (r.status, r.json())
}

/// The OIEC division's staff and chief tokens.
pub async fn oiec(b: &Bureau) -> (String, String) {
    let (_, staff) =
        b.t.user_with_token("oiec@example.cn", "division_staff", Some("OIEC"))
            .await;
    let (_, chief) =
        b.t.user_with_token("chief.oiec@example.cn", "division_chief", Some("OIEC"))
            .await;
    (staff, chief)
}

/// The online-training programme (OIEC, fully covered) with its rule published.
pub async fn training(b: &Bureau, staff: &str, chief: &str) -> String {
    let mut p = bonus("online_training");
    p["item"] = json!("online training for staff sent abroad");
    p["payment_mode"] = json!("fully_covered");
    p["budget"] = json!(10_000_000);
    p["published"] = json!(true);
    let id = create(b, staff, p).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rule = json!({
        "effective_from": "2020-01-01", "effective_to": "2020-12-31",
        "rule": {"criteria": [{"kind": "at_least", "figure": "training_charges", "min": 1}],
                 "formula": {"kind": "full_coverage", "of": "training_charges"}}
    });
    publish(b, &id, staff, chief, rule).await;
    id
}

/// Another enterprise neither sees nor confirms `eid`: not found, like a missing one.
async fn another_enterprise_cannot_see_or_confirm(b: &Bureau, eid: &str) {
    let other =
        b.t.get(&format!("/api/v1/fund-entitlements/{eid}"), Some(&b.firm_b))
            .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(
        b.t.get("/api/v1/fund-entitlements", Some(&b.firm_b))
            .await
            .json()["items"],
        json!([])
    );
    let (s, _) = confirm(b, eid, &b.firm_b, account()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_apply_free_run_entitles_each_qualifying_enterprise_once() {
    let b = bureau().await;
    let (staff, chief) = oiec(&b).await;
    let id = training(&b, &staff, &chief).await;
    figure(&b, &staff, FIRM_A, "training_charges", 123_456).await;
    figure(&b, &staff, FIRM_B, "training_charges", 0).await;

    // Only the programme's division (or a leader) runs it; enterprises never.
    for token in [&b.staff_ft, &b.firm_a] {
        let r = try_run(&b, &id, token).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let first = run(&b, &id, &staff).await;
    assert_eq!(first["status"], "done");
    assert_eq!(first["evaluated"], 2);
    assert_eq!(first["created"], 1, "FIRM_B invoiced nothing");
    assert_eq!(first["total"], 123_456, "the invoiced charges in full");
    let again = run(&b, &id, &chief).await;
    assert_eq!(
        (again["created"].clone(), again["existing"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(again["total"], 0);

    let detail =
        b.t.get(
            &format!(
                "/api/v1/fund-runs/{}",
                first["id"].as_str().unwrap_or_default()
            ),
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(detail["entitlements"].as_array().map(Vec::len), Some(1));
    let e = &detail["entitlements"][0];
    assert_eq!(e["enterprise"], FIRM_A);
    assert_eq!(e["amount"], 123_456);
    assert_eq!(e["payment_status"], "pending_approval");
    let eid = e["id"].as_str().unwrap_or_default().to_owned();

    // The enterprise sees it, explained criterion by criterion with the rule version.
    let mine =
        b.t.get("/api/v1/fund-entitlements", Some(&b.firm_a))
            .await
            .json();
    assert_eq!(mine["items"][0]["id"], eid.as_str());
    let ex = &mine["items"][0]["explanation"];
    assert_eq!(ex["decision"]["version"], 1);
    assert_eq!(ex["decision"]["criteria"][0]["met"], true);
    assert_eq!(
        ex["decision"]["criteria"][0]["value"],
        json!({"type": "amount", "value": 123_456})
    );
    assert_eq!(ex["formula"]["kind"], "full_coverage");
    // It was told, in its inbox.
    let inbox = b.t.get("/api/v1/inbox", Some(&b.firm_a)).await.json();
    assert!(inbox.to_string().contains("¥1,234.56"), "{inbox}");

    another_enterprise_cannot_see_or_confirm(&b, &eid).await;

    // No account on file: the enterprise is asked for one, and nothing changes.
    let (s, p) = confirm(&b, &eid, &b.firm_a, json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "bank_account");
    let mut bad = account();
    bad["bank_account"]["account_number"] = json!("62166102x");
    let (s, p) = confirm(&b, &eid, &b.firm_a, bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["field"], "bank_account.account_number");
    let (s, p) = confirm(&b, &eid, &b.firm_a, account()).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["status"], "confirmed");
    assert_eq!(
        p["payment_status"], "cleared",
        "approved; no publicity period"
    );
    let (s, _) = confirm(&b, &eid, &b.firm_a, json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    let runs =
        b.t.get(
            &format!("/api/v1/fund-programmes/{id}/runs"),
            Some(&b.reviewer),
        )
        .await;
    assert_eq!(
        runs.status,
        StatusCode::FORBIDDEN,
        "reviewers do not see runs"
    );
    let runs =
        b.t.get(&format!("/api/v1/fund-programmes/{id}/runs"), Some(&staff))
            .await
            .json();
    assert_eq!(runs["items"][1]["confirmed"], 1);
}

#[tokio::test]
async fn a_run_needs_a_published_rule_in_effect() {
    let b = bureau().await;
    let mut p = bonus("no_rule_yet");
    p["published"] = json!(true);
    let id = create(&b, &b.staff_ip3, p).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = try_run(&b, &id, &b.staff_ip3).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "version");
}
