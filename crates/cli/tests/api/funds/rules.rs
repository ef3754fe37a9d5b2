//! Rules as versioned data: a draft is checked field by field, only the division's chief
//! publishes, versions are kept, and a decision explains itself criterion by criterion, with
//! what would make a refused enterprise eligible. Enterprises see only their own decisions.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::{bonus, create};

/// The export-credit-insurance subsidy under FT, published, with no rule yet.
pub async fn insurance(b: &Bureau) -> String {
    let mut p = bonus("export_insurance");
    p["item"] = json!("SME international-market fund, export-credit-insurance fund");
    p["payment_mode"] = json!("examined_in_advance");
    p["budget"] = json!(1_000_000);
    p["published"] = json!(true);
    create(b, &b.staff_ft, p).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A rule paying `percent` % of premiums paid to foreign-invested enterprises that paid at
/// least `min` fen.
pub fn premiums_rule(percent: u32, min: i64) -> Value {
    json!({
        "effective_from": "2020-01-01",
        "effective_to": "2020-12-31",
        "note": format!("{percent} % of premiums"),
        "rule": {
            "criteria": [
                {"kind": "enterprise_kind", "any_of": ["foreign_invested"]},
                {"kind": "at_least", "figure": "premiums_paid", "min": min}
            ],
            "formula": {"kind": "percentage", "of": "premiums_paid", "ratio": percent * 100}
        }
    })
}

pub async fn draft(b: &Bureau, id: &str, body: Value) -> Value {
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/rules"),
            Some(&b.staff_ft),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

pub async fn chief_ft(b: &Bureau) -> String {
    b.t.user_with_token("chief.ft@example.cn", "division_chief", Some("FT"))
        .await
        .1
}

pub async fn premiums(b: &Bureau, uscc: &str, fen: i64) {
    let r =
        b.t.call(
            axum::http::Method::PUT,
            &format!("/api/v1/enterprises/{uscc}/fund-figures"),
            Some(&b.staff_ft),
            Some(json!({"year": 2020, "source": "insurer", "figures": {"premiums_paid": fen}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

async fn decide(b: &Bureau, id: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/decisions"),
            Some(token),
            body,
        )
        .await;
    (r.status, r.json())
}

/// The insurance subsidy with version 1 (60 % of premiums from ¥0.01) published by FT's chief.
pub async fn published(b: &Bureau) -> String {
    let id = insurance(b).await;
    draft(b, &id, premiums_rule(60, 1)).await;
    let chief = chief_ft(b).await;
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/rules/1/publish"),
            Some(&chief),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    id
}

#[tokio::test]
async fn only_the_chief_publishes_a_draft_once_and_every_version_is_kept() {
    let b = bureau().await;
    let id = insurance(&b).await;
    let v1 = draft(&b, &id, premiums_rule(60, 1)).await;
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["status"], "draft");
    // A draft decides nothing for an enterprise.
    let (status, body) = decide(
        &b,
        &id,
        &b.firm_a,
        json!({"enterprise": FIRM_A, "on": "2020-06-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "version");
    let publish = format!("/api/v1/fund-programmes/{id}/rules/1/publish");
    assert_eq!(
        b.t.post(&publish, Some(&b.staff_ft), json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.t.post(&publish, Some(&b.chief_ip3), json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let chief = chief_ft(&b).await;
    let r = b.t.post(&publish, Some(&chief), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["published_by"], "chief.ft@example.cn");
    assert_eq!(
        b.t.post(&publish, Some(&chief), json!({})).await.status,
        StatusCode::CONFLICT
    );

    // A later draft does not decide until published; staff may try it; both versions are kept.
    premiums(&b, FIRM_A, 1_234_567).await;
    draft(&b, &id, premiums_rule(80, 1)).await;
    let (_, still) = decide(
        &b,
        &id,
        &b.firm_a,
        json!({"enterprise": FIRM_A, "on": "2020-06-01"}),
    )
    .await;
    assert_eq!(still["version"], 1);
    let (_, tried) = decide(
        &b,
        &id,
        &b.staff_ft,
        json!({"enterprise": FIRM_A, "version": 2}),
    )
    .await;
    assert_eq!(tried["amount"], 987_654);
    let versions =
        b.t.get(
            &format!("/api/v1/fund-programmes/{id}/rules"),
            Some(&b.reviewer),
        )
        .await
        .json();
    assert_eq!(versions["total"], 2);
    assert_eq!(versions["items"][0]["status"], "draft");
    assert_eq!(versions["items"][1]["rule"]["formula"]["ratio"], 6000);
}

#[tokio::test]
async fn a_decision_explains_each_criterion_and_what_would_make_you_eligible() {
    let b = bureau().await;
    let id = published(&b).await;
    premiums(&b, FIRM_A, 1_234_567).await;
    let (status, d) = decide(
        &b,
        &id,
        &b.firm_a,
        json!({"enterprise": FIRM_A, "on": "2020-06-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["eligible"], true);
    assert_eq!(d["version"], 1);
    // 60 % of ¥12,345.67 is ¥7,407.402: rounded to the fen.
    assert_eq!(d["amount"], 740_740);
    assert_eq!(
        d["criteria"][0]["value"],
        json!({"type": "codes", "value": ["foreign_invested"]})
    );
    assert_eq!(
        d["criteria"][1]["value"],
        json!({"type": "amount", "value": 1_234_567})
    );
    assert_eq!(
        d["criteria"][1]["threshold"],
        json!({"type": "amount", "value": 1})
    );
    assert_eq!(d["criteria"][1]["met"], true);
    assert_eq!(d["would_qualify"], json!([]));

    // A refused enterprise learns what would make it eligible.
    let (_, refused) = decide(
        &b,
        &id,
        &b.firm_b,
        json!({"enterprise": FIRM_B, "on": "2020-06-01"}),
    )
    .await;
    assert_eq!(refused["eligible"], false);
    assert_eq!(refused["amount"], 0);
    assert_eq!(refused["criteria"][1]["value"], json!({"type": "missing"}));
    assert_eq!(refused["would_qualify"], json!([1]));
    // An application's figures count; another enterprise's decision is not found.
    let (_, applied) = decide(
        &b,
        &id,
        &b.firm_b,
        json!({"enterprise": FIRM_B, "on": "2020-06-01", "figures": {"premiums_paid": 100}}),
    )
    .await;
    assert_eq!(applied["amount"], 60);
    let (status, _) = decide(&b, &id, &b.firm_a, json!({"enterprise": FIRM_B})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, bad) = decide(
        &b,
        &id,
        &b.firm_a,
        json!({"enterprise": FIRM_A, "figures": {"premiums_paid": -1, "luck": 7}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["errors"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_bad_rule_is_refused_naming_its_field_and_only_the_division_drafts() {
    let b = bureau().await;
    let id = insurance(&b).await;
    let path = format!("/api/v1/fund-programmes/{id}/rules");
    let mut bad = premiums_rule(120, -5);
    bad["effective_to"] = json!("2019-12-31");
    let r = b.t.post(&path, Some(&b.staff_ft), bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        fields,
        ["rule.criteria[1].min", "rule.formula.ratio", "effective_to"]
    );
    // No code as data: an unknown kind of criterion is refused naming where it is.
    let mut script = premiums_rule(60, 1);
    script["rule"]["criteria"][0] = json!({"kind": "script", "source": "return true"});
    let r = b.t.post(&path, Some(&b.staff_ft), script).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["errors"][0]["field"]
            .as_str()
            .unwrap_or_default()
            .starts_with("rule.criteria"),
        "{}",
        r.text()
    );
    // Another division may not draft FT's rule; nothing was written.
    assert_eq!(
        b.t.post(&path, Some(&b.staff_ip3), premiums_rule(60, 1))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(b.t.get(&path, Some(&b.staff_ft)).await.json()["total"], 0);
}
