//! Signing up with the one-time code sent to the contact the registry holds.

use axum::http::StatusCode;
use serde_json::json;
use testkit::bureau::bureau;

use super::{
    FIRM_C, PASSWORD, applicant, code_mailed, code_of, field_of, mailed_to, me, register_firm_c,
    sign_up, with_sink,
};

#[tokio::test]
async fn the_code_goes_to_the_registry_contact_and_activates_an_administrator() {
    let (b, sink) = with_sink().await;
    register_firm_c(&b).await;
    let r = sign_up(&b, applicant(FIRM_C, "applicant@firm-c.cn")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v = r.json();
    assert_eq!(v["state"], "awaiting_code");
    assert_eq!(
        v["name"], "大连湾新材料有限公司",
        "the registry's name, not a typed one"
    );
    assert_eq!(
        v["code_sent_to"],
        json!(["r***@firm-c.cn", "+86138****1234"])
    );
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    // The code goes to the registry's contact, never to what the applicant typed.
    let code = code_mailed(&b, &sink, "registry@firm-c.cn").await;
    assert!(!mailed_to(&sink).contains(&"applicant@firm-c.cn".to_owned()));
    // A wrong code is refused naming the field, and makes no account.
    let path = format!("/api/v1/signups/{id}/confirm");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = b.t.post(&path, None, json!({"code": wrong})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (field_of(&r), code_of(&r)),
        ("code".into(), "wrong_code".into())
    );
    assert!(
        b.t.browser_login("applicant@firm-c.cn", PASSWORD)
            .await
            .is_err()
    );
    let r = b.t.post(&path, None, json!({"code": code})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "active");
    let m = me(&b, "applicant@firm-c.cn").await;
    assert_eq!(m["role"], "enterprise_user");
    assert_eq!(m["enterprise"], FIRM_C);
    assert!(
        b.t.browser_login("applicant@firm-c.cn", PASSWORD)
            .await
            .is_ok()
    );
    // A code is good once.
    let again = b.t.post(&path, None, json!({"code": code})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn tries_are_limited_and_then_the_district_official_decides() {
    let (b, sink) = with_sink().await;
    register_firm_c(&b).await;
    let id = sign_up(&b, applicant(FIRM_C, "guess@firm-c.cn"))
        .await
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = code_mailed(&b, &sink, "registry@firm-c.cn").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let path = format!("/api/v1/signups/{id}/confirm");
    let mut codes = Vec::new();
    for _ in 0..5 {
        codes.push(code_of(
            &b.t.post(&path, None, json!({"code": wrong})).await,
        ));
    }
    assert_eq!(codes[..4], ["wrong_code"; 4]);
    assert_eq!(codes[4], "too_many_tries");
    let r = b.t.post(&path, None, json!({"code": code})).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "the right code comes too late"
    );
    let queue = b.t.get("/api/v1/signups", Some(&b.official)).await.json();
    assert_eq!(queue["items"][0]["id"], id.as_str());
    assert_eq!(queue["items"][0]["state"], "awaiting_approval");
}

#[tokio::test]
async fn a_code_expires() {
    let (b, sink) = with_sink().await;
    register_firm_c(&b).await;
    let id = sign_up(&b, applicant(FIRM_C, "late@firm-c.cn"))
        .await
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = code_mailed(&b, &sink, "registry@firm-c.cn").await;
    b.t.clock.advance_minutes(11);
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/confirm"),
            None,
            json!({"code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code_of(&r), "code_expired");
}

#[tokio::test]
async fn every_field_is_checked_and_named() {
    let b = bureau().await;
    let r = sign_up(
        &b,
        json!({"uscc": "91210202MA0QC5678X", "contact_name": " ", "mobile": "12345", "email": "nope", "password": "short"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["uscc", "contact_name", "mobile", "email", "password"]
    );
    // An address that already has an account.
    let r = sign_up(&b, applicant(FIRM_C, "a@firm.cn")).await;
    assert_eq!(
        (field_of(&r), code_of(&r)),
        ("email".into(), "email_taken".into())
    );
}

#[tokio::test]
async fn sign_ups_are_rate_limited_per_uscc_and_per_address() {
    let b = bureau().await;
    register_firm_c(&b).await;
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(
            sign_up(&b, applicant(FIRM_C, &format!("r{i}@firm-c.cn")))
                .await
                .status,
        );
    }
    assert_eq!(statuses[..3], [StatusCode::CREATED; 3]);
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS);
    // The address has used four of its five.
    let r = sign_up(&b, applicant("91210211MA0QC9012K", "x@example.cn")).await;
    assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = sign_up(&b, applicant("91210211MA0QC9012K", "y@example.cn")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["status"], 429);
}
