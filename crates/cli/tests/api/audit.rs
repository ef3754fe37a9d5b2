//! The audit trail: who, when, what, before and after, from where; and its hash chain.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn a_write_is_audited_with_actor_request_and_before_after() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let (_, auditor) = t
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/users")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-request-id", "req-create-1")
        .body(Body::from(json!({"email": "new@example.cn", "name": "New", "role": "auditor", "password": "a long enough test passphrase"}).to_string()))
        .unwrap_or_else(|e| panic!("{e}"));
    let created = t.send(req).await.json();
    let id = created["id"].as_str().unwrap_or_default().to_owned();

    let trail = t
        .get(
            &format!("/api/v1/audit?object_type=user&object_id={id}"),
            Some(&auditor),
        )
        .await
        .json();
    assert_eq!(trail["total"], 1, "{trail}");
    let e = &trail["items"][0];
    assert_eq!(e["action"], "user_created");
    assert_eq!(e["actor"], "admin@example.cn");
    assert_eq!(e["request_id"], "req-create-1");
    assert_eq!(e["after"]["email"], "new@example.cn");
    assert!(e["before"].is_null());
    assert!(
        !e.to_string().contains("argon2"),
        "no password hash in the trail: {e}"
    );

    let r = t
        .post(
            &format!("/api/v1/users/{id}/disable"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200);
    let trail = t
        .get(
            &format!("/api/v1/audit?object_type=user&object_id={id}"),
            Some(&auditor),
        )
        .await
        .json();
    let e = &trail["items"][0];
    assert_eq!(e["action"], "user_disabled");
    assert_eq!(e["before"]["disabled"], false);
    assert_eq!(e["after"]["user"]["disabled"], true);
}

#[tokio::test]
async fn the_chain_verifies_and_any_edit_or_removal_is_named() {
    let t = TestApp::new().await;
    let (_, auditor) = t
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    for i in 0..3 {
        t.user(&format!("u{i}@example.cn"), "reviewer", None).await;
    }
    let ok = t.get("/api/v1/audit/verify", Some(&auditor)).await.json();
    assert_eq!(ok["ok"], true, "{ok}");
    let n = ok["entries"].as_i64().unwrap_or(0);
    assert!(n >= 20, "seeding and the accounts are audited: {n}");

    // Someone edits one entry by hand in the database.
    assert_eq!(
        t.raw("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 18")
            .await,
        1
    );
    let bad = t.get("/api/v1/audit/verify", Some(&auditor)).await.json();
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["first_bad_seq"], 18, "{bad}");
    assert!(bad["reason"].as_str().unwrap_or("").contains("changed"));

    // Removing the newest entries is caught too.
    let t2 = TestApp::new().await;
    let (_, auditor2) = t2
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    let last: i64 = t2.get("/api/v1/audit/verify", Some(&auditor2)).await.json()["entries"]
        .as_i64()
        .unwrap_or(0);
    t2.raw(&format!("DELETE FROM audit_log WHERE seq = {last}"))
        .await;
    let cut = t2.get("/api/v1/audit/verify", Some(&auditor2)).await.json();
    assert_eq!(cut["ok"], false, "{cut}");
    assert_eq!(cut["first_bad_seq"], last);
}
