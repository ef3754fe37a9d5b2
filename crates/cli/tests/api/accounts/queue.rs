//! The district official's queue: approving, registering an unregistered enterprise (which
//! confirms it), refusing; only their own district's sign-ups.

use axum::http::StatusCode;
use serde_json::json;
use testkit::bureau::{FIRM_A, bureau};

use super::{NEW_FIRM, PASSWORD, applicant, field_of, me, sign_up};

#[tokio::test]
async fn the_district_official_approves_an_enterprise_of_the_registry() {
    let b = bureau().await;
    // Firm A is in the registry without a contact: nobody to send a code to.
    let r = sign_up(&b, applicant(FIRM_A, "boss@firm-a.cn")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["state"], "awaiting_approval");
    assert_eq!(r.json()["code_sent_to"], json!([]));
    let id = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let queue = b.t.get("/api/v1/signups", Some(&b.official)).await.json();
    let item = &queue["items"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["email"], "boss@firm-a.cn");
    assert_eq!(item["mobile"], "+8613900005678");
    assert_eq!(item["registered"], true);
    // Another district's official neither sees nor decides it.
    let (_, other) =
        b.t.user_with_token("o2@example.cn", "district_official", Some("210211"))
            .await;
    let theirs = b.t.get("/api/v1/signups", Some(&other)).await.json();
    assert_eq!(theirs["items"], json!([]));
    let path = format!("/api/v1/signups/{id}/approve");
    assert_eq!(
        b.t.post(&path, Some(&other), json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    // Enterprise users and division staff have no queue.
    for token in [&b.firm_a, &b.staff_ip3] {
        assert_eq!(
            b.t.get("/api/v1/signups", Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let r = b.t.post(&path, Some(&b.official), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "active");
    assert_eq!(me(&b, "boss@firm-a.cn").await["enterprise"], FIRM_A);
    assert!(b.t.browser_login("boss@firm-a.cn", PASSWORD).await.is_ok());
    let queue = b.t.get("/api/v1/signups", Some(&b.official)).await.json();
    assert_eq!(queue["items"], json!([]));
}

#[tokio::test]
async fn an_unregistered_enterprise_is_registered_from_the_queue() {
    let b = bureau().await;
    let r = sign_up(&b, applicant(NEW_FIRM, "founder@new-firm.cn")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_of(&r), "name");
    let mut body = applicant(NEW_FIRM, "founder@new-firm.cn");
    body["name"] = json!("大连新设外资企业有限公司");
    body["district"] = json!("210202");
    let r = sign_up(&b, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["state"], "awaiting_registration");
    assert_eq!(r.json()["registered"], false);
    let id = r.json()["id"].as_str().unwrap_or_default().to_owned();
    // Approving needs the registry entry first.
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/approve"),
            Some(&b.official),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "not_registered");
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/register"),
            Some(&b.official),
            json!({"kinds": ["foreign_invested"], "employees": 12}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "active");
    let e =
        b.t.get(&format!("/api/v1/enterprises/{NEW_FIRM}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(e["name"], "大连新设外资企业有限公司");
    assert_eq!(e["contact_email"], "founder@new-firm.cn");
    assert_eq!(me(&b, "founder@new-firm.cn").await["enterprise"], NEW_FIRM);
}

#[tokio::test]
async fn a_refused_sign_up_makes_no_account() {
    let b = bureau().await;
    let id = sign_up(&b, applicant(FIRM_A, "impostor@example.cn"))
        .await
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/refuse"),
            Some(&b.official),
            json!({}),
        )
        .await;
    assert_eq!(r.json()["state"], "refused");
    assert!(
        b.t.browser_login("impostor@example.cn", PASSWORD)
            .await
            .is_err()
    );
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/approve"),
            Some(&b.official),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "signup_decided");
}
