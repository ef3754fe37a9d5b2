//! Every role sees only its scope of enterprises and cases.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau, open_case};

/// The bureau with one case for each firm, filed by IP3 staff for A and by firm B itself.
async fn two_cases() -> (Bureau, String, String) {
    let b = bureau().await;
    let case_a = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let case_b = open_case(&b, &b.firm_b, FIRM_B).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (b, case_a, case_b)
}

fn total(v: Value) -> i64 {
    v["total"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn division_staff_see_their_divisions_cases_only() {
    let (b, case_a, _) = two_cases().await;
    // Division staff: their division's cases; FT has none yet.
    assert_eq!(
        total(
            b.t.get("/api/v1/cases?status=open", Some(&b.staff_ip3))
                .await
                .json()
        ),
        2
    );
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.staff_ft)).await.json()),
        0
    );
    let outside =
        b.t.get(&format!("/api/v1/cases/{case_a}"), Some(&b.staff_ft))
            .await;
    let missing =
        b.t.get(
            &format!("/api/v1/cases/{}", uuid::Uuid::now_v7()),
            Some(&b.staff_ft),
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    assert_eq!(
        outside.body, missing.body,
        "out of scope looks like missing"
    );
}

#[tokio::test]
async fn enterprise_users_see_their_own_only() {
    let (b, _, case_b) = two_cases().await;
    // Enterprise users: their own only, even when asking for another's.
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.firm_a)).await.json()),
        1
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{case_b}"), Some(&b.firm_a))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/enterprises/{FIRM_B}"), Some(&b.firm_a))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        total(
            b.t.get(
                &format!("/api/v1/cases?enterprise={FIRM_B}"),
                Some(&b.firm_a)
            )
            .await
            .json()
        ),
        0
    );
    let r = b.t.post("/api/v1/cases", Some(&b.firm_a), json!({"kind": "difficulty", "enterprise": FIRM_B, "subject": "s", "body": "b", "channel": "portal"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cannot file for another enterprise"
    );
}

#[tokio::test]
async fn district_officials_see_their_districts_cases_without_a_designation() {
    let (b, case_a, case_b) = two_cases().await;
    // Both firms are in Zhongshan District (210202), the official's: designated or not.
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.official)).await.json()),
        2
    );
    // An official of Ganjingzi District sees neither.
    let (_, other) =
        b.t.user_with_token("gjz@example.cn", "district_official", Some("210211"))
            .await;
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&other)).await.json()),
        0
    );
    for c in [case_a, case_b] {
        assert_eq!(
            b.t.get(&format!("/api/v1/cases/{c}"), Some(&other))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn roles_without_cases_see_none() {
    let b = bureau().await;
    assert_eq!(
        b.t.get("/api/v1/cases", Some(&b.reviewer)).await.status,
        StatusCode::FORBIDDEN
    );
}
