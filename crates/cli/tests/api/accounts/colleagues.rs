//! The enterprise administrator invites colleagues by e-mail, lists and removes them; a
//! colleague belongs to the same enterprise only; nobody sees or touches another enterprise's.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::MailSink;
use testkit::bureau::{Bureau, FIRM_A};

use super::{
    FIRM_C, PASSWORD, applicant, code_mailed, drain, me, register_firm_c, sign_up, with_sink,
};

async fn token_for(b: &Bureau, email: &str) -> String {
    app::auth::tokens::create(&b.t.app, &app::Ctx::system("test"), email, "test", None)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// Firm C's administrator, signed up with the code: their token.
async fn admin_of_c(b: &Bureau, sink: &MailSink) -> String {
    register_firm_c(b).await;
    let id = sign_up(b, applicant(FIRM_C, "admin@firm-c.cn"))
        .await
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = code_mailed(b, sink, "registry@firm-c.cn").await;
    let r =
        b.t.post(
            &format!("/api/v1/signups/{id}/confirm"),
            None,
            json!({"code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    token_for(b, "admin@firm-c.cn").await
}

/// The invitation token in the last mail to `to`.
async fn invitation_token(b: &Bureau, sink: &MailSink, to: &str) -> String {
    drain(b).await;
    let mail = sink
        .mails()
        .into_iter()
        .rfind(|m| m.to.iter().any(|t| t == to))
        .unwrap_or_else(|| panic!("no invitation to {to}"));
    mail.body
        .split("/invitations/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no link in {}", mail.body))
        .to_owned()
}

#[tokio::test]
async fn an_invited_colleague_joins_the_same_enterprise_and_can_be_removed() {
    let (b, sink) = with_sink().await;
    let admin = admin_of_c(&b, &sink).await;
    let r =
        b.t.post(
            "/api/v1/colleagues/invitations",
            Some(&admin),
            json!({"email": "colleague@firm-c.cn"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let token = invitation_token(&b, &sink, "colleague@firm-c.cn").await;
    let accept = format!("/api/v1/invitations/{token}/accept");
    let r =
        b.t.post(
            &accept,
            None,
            json!({"name": "同事甲", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let m = me(&b, "colleague@firm-c.cn").await;
    assert_eq!(
        (m["role"].clone(), m["enterprise"].clone()),
        (json!("enterprise_user"), json!(FIRM_C))
    );
    // An invitation is good once.
    let again =
        b.t.post(&accept, None, json!({"name": "x", "password": PASSWORD}))
            .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // The list: both, and who administers.
    let list = b.t.get("/api/v1/colleagues", Some(&admin)).await.json();
    assert_eq!(list["you_administer"], true);
    let people: Vec<(String, bool)> = list["colleagues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["email"].as_str().unwrap_or_default().to_owned(),
                c["admin"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(people.len(), 2, "{list}");
    assert!(people.contains(&("admin@firm-c.cn".into(), true)));
    assert!(people.contains(&("colleague@firm-c.cn".into(), false)));
    // A colleague is not an administrator.
    let colleague = token_for(&b, "colleague@firm-c.cn").await;
    let r =
        b.t.post(
            "/api/v1/colleagues/invitations",
            Some(&colleague),
            json!({"email": "x@firm-c.cn"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let id = list["colleagues"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["email"] == "colleague@firm-c.cn")
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let r =
        b.t.call(
            Method::DELETE,
            &format!("/api/v1/colleagues/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        b.t.browser_login("colleague@firm-c.cn", PASSWORD)
            .await
            .is_err()
    );
    let my_id = me(&b, "admin@firm-c.cn").await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.call(
            Method::DELETE,
            &format!("/api/v1/colleagues/{my_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn another_enterprise_never_sees_or_touches_the_colleagues() {
    let (b, sink) = with_sink().await;
    let admin_c = admin_of_c(&b, &sink).await;
    b.t.post(
        "/api/v1/colleagues/invitations",
        Some(&admin_c),
        json!({"email": "pending@firm-c.cn"}),
    )
    .await;
    // Firm A gets its own administrator through its district official.
    let id = sign_up(&b, applicant(FIRM_A, "admin@firm-a.cn"))
        .await
        .json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    b.t.post(
        &format!("/api/v1/signups/{id}/approve"),
        Some(&b.official),
        json!({}),
    )
    .await;
    let admin_a = token_for(&b, "admin@firm-a.cn").await;
    let list = b.t.get("/api/v1/colleagues", Some(&admin_a)).await.json();
    let text = list.to_string();
    assert!(!text.contains("firm-c.cn"), "{text}");
    assert!(text.contains("a@firm.cn") && text.contains("admin@firm-a.cn"));
    // Firm C's people and invitations are not found for firm A's administrator.
    let c_list = b.t.get("/api/v1/colleagues", Some(&admin_c)).await.json();
    let c_admin = c_list["colleagues"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let inv = c_list["invitations"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!inv.is_empty(), "{c_list}");
    let r =
        b.t.call(
            Method::DELETE,
            &format!("/api/v1/colleagues/{c_admin}"),
            Some(&admin_a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r =
        b.t.call(
            Method::DELETE,
            &format!("/api/v1/colleagues/invitations/{inv}"),
            Some(&admin_a),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        b.t.browser_login("admin@firm-c.cn", PASSWORD).await.is_ok(),
        "still there"
    );
    // Staff have no colleague list of an enterprise.
    let r = b.t.get("/api/v1/colleagues", Some(&b.staff_ip3)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The administrator withdraws the invitation.
    let r =
        b.t.call(
            Method::DELETE,
            &format!("/api/v1/colleagues/invitations/{inv}"),
            Some(&admin_c),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_pages_invite_and_accept() {
    let (b, sink) = with_sink().await;
    admin_of_c(&b, &sink).await;
    let (session, csrf) =
        b.t.browser_login("admin@firm-c.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let body = format!("_csrf={csrf}&action=invite&email=page%40firm-c.cn");
    let r = b.t.form("/portal/colleagues", &session, &body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = b.t.page("/portal/colleagues", &session).await.text();
    assert!(
        page.contains("page@firm-c.cn") && page.contains("admin@firm-c.cn"),
        "{page}"
    );
    let token = invitation_token(&b, &sink, "page@firm-c.cn").await;
    let form = b.t.get(&format!("/invitations/{token}"), None).await;
    assert_eq!(form.status, StatusCode::OK);
    let accept = |body: String| {
        let req = axum::http::Request::builder()
            .method(Method::POST)
            .uri(format!("/invitations/{token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        b.t.send(req)
    };
    let r = accept(format!(
        "name=%E5%90%8C%E4%BA%8B&password={}",
        testkit::enc(PASSWORD)
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(b.t.browser_login("page@firm-c.cn", PASSWORD).await.is_ok());
    let again = accept(format!("name=x&password={}", testkit::enc(PASSWORD))).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
