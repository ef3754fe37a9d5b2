//! Measure 1: the enterprise registry, designations and the shared case engine.

use axum::http::StatusCode;
use serde_json::json;
use testkit::bureau::{FIRM_A, bureau};

mod cases;
mod scopes;

#[tokio::test]
async fn uscc_is_checked_with_reasons() {
    let b = bureau().await;
    let mut body = json!({"uscc": "91210200MA0QC1234G", "name": "X", "district": "210202", "kinds": ["foreign_trade"]});
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "uscc");
    assert_eq!(r.json()["errors"][0]["code"], "uscc_check_digit");
    body["uscc"] = json!("91210200MA0QC123");
    assert_eq!(
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await
            .json()["errors"][0]["code"],
        "uscc_length"
    );
    body["uscc"] = json!("91210200MA0QC12O4F");
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await
            .json();
    assert_eq!(r["errors"][0]["code"], "uscc_banned_letter");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("I、O、S、V、Z"),
        "the message names the letters, in the default language (Chinese)"
    );
    body["uscc"] = json!(FIRM_A.to_lowercase());
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body)
            .await
            .json();
    assert_eq!(
        r["errors"][0]["code"], "duplicate",
        "lower case is the same USCC: {r}"
    );
}

/// Issue 11: an enterprise's district must be one of the city's districts; a well-formed code
/// of another city is refused naming the field, in the caller's language.
#[tokio::test]
async fn a_district_outside_the_city_is_refused_naming_the_field() {
    let b = bureau().await;
    let body = json!({"uscc": "91210200MA0QC1235J", "name": "北京东城贸易有限公司", "district": "110101", "kinds": ["foreign_trade"]});
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["code"], "validation_failed");
    assert_eq!(p["errors"].as_array().map(Vec::len), Some(1), "{p}");
    assert_eq!(p["errors"][0]["field"], "district");
    assert_eq!(p["errors"][0]["code"], "unknown_district");
    assert_eq!(p["errors"][0]["message"], "不是本市的区县。");
    let (status, p) = super::languages::post_in(
        &b.t,
        &b.admin,
        "en-GB,en;q=0.8",
        "/api/v1/enterprises",
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        p["errors"][0]["message"],
        "This is not one of the city's districts."
    );
    // A code that is not a district code at all keeps its own error.
    let mut bad = body.clone();
    bad["district"] = json!("2102");
    let r = b.t.post("/api/v1/enterprises", Some(&b.admin), bad).await;
    assert_eq!(
        r.json()["errors"][0]["code"],
        "invalid_district",
        "{}",
        r.text()
    );
    // Nothing was registered; the same enterprise in one of the city's districts is.
    let r =
        b.t.get("/api/v1/enterprises/91210200MA0QC1235J", Some(&b.admin))
            .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut good = body;
    good["district"] = json!("210283");
    let r = b.t.post("/api/v1/enterprises", Some(&b.admin), good).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["district"], "210283");
}

#[tokio::test]
async fn a_malformed_code_in_a_query_is_refused_naming_the_field() {
    let b = bureau().await;
    for (path, field, code) in [
        ("/api/v1/cases?division=XX", "division", "unknown_division"),
        (
            "/api/v1/cases?enterprise=91210200MA0QC1234G",
            "enterprise",
            "uscc_check_digit",
        ),
        (
            "/api/v1/enterprises?district=2102",
            "district",
            "invalid_district",
        ),
        ("/api/v1/faq?measure=11", "measure", "invalid_measure"),
        ("/api/v1/route?measure=0", "measure", "invalid_measure"),
    ] {
        let r = b.t.get(path, Some(&b.admin)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(r.json()["errors"][0]["field"], field, "{path}");
        assert_eq!(r.json()["errors"][0]["code"], code, "{path}");
    }
    // Well-formed codes filter as before (lower case is read as the code).
    let r = b.t.get("/api/v1/cases?division=oiec", Some(&b.admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r =
        b.t.get("/api/v1/enterprises?district=210202", Some(&b.admin))
            .await;
    assert_eq!(r.status, StatusCode::OK);
}
