//! Sign-in, lockout, session lifetimes, logout, disabling, CSRF.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use testkit::{PASSWORD, TestApp};

#[tokio::test]
async fn browser_login_sets_a_safe_cookie_and_lands_on_the_right_home() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    t.user(
        "firm@example.cn",
        "enterprise_user",
        Some("91440300708461136T"),
    )
    .await;

    let form = t.get("/login", None).await;
    let pre = form.cookie("ll_csrf").unwrap_or_default();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("ll_csrf={pre}"))
        .body(Body::from(format!(
            "email=staff%40example.cn&password={}&_csrf={pre}",
            testkit::enc(PASSWORD)
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let res = t.send(req).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/staff"));
    let set = res
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ll_session="))
        .unwrap_or_default()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );

    let (session, _) = t
        .browser_login("firm@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(t.page("/portal", &session).await.status, StatusCode::OK);
    assert_eq!(
        t.page("/staff", &session).await.status,
        StatusCode::FORBIDDEN,
        "an enterprise user is no staff member"
    );
}

#[tokio::test]
async fn the_login_form_needs_its_csrf_token() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=staff%40example.cn&password={}&_csrf=forged",
            testkit::enc(PASSWORD)
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let res = t.send(req).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.cookie("ll_session").is_none());
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    for _ in 0..5 {
        let r = t
            .browser_login("staff@example.cn", "wrong password here")
            .await
            .err()
            .unwrap_or_else(|| panic!("wrong password accepted"));
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let sixth = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .err()
        .unwrap_or_else(|| panic!("locked account signed in"));
    assert!(sixth.text().contains("locked"), "{}", sixth.text());
    t.clock.advance_minutes(14);
    assert!(
        t.browser_login("staff@example.cn", PASSWORD).await.is_err(),
        "still locked after 14 minutes"
    );
    t.clock.advance_minutes(2);
    assert!(
        t.browser_login("staff@example.cn", PASSWORD).await.is_ok(),
        "unlocked after 16 minutes"
    );
}

#[tokio::test]
async fn unknown_accounts_behave_like_known_ones() {
    let t = TestApp::new().await;
    let unknown = t
        .browser_login("nobody@example.cn", "whatever password")
        .await
        .err()
        .unwrap_or_else(|| panic!("signed in"));
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let known = t
        .browser_login("staff@example.cn", "whatever password")
        .await
        .err()
        .unwrap_or_else(|| panic!("signed in"));
    assert_eq!(unknown.status, known.status);
    let msg = |r: &testkit::Res| {
        r.text()
            .split("role=\"alert\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .map(str::to_owned)
    };
    assert_eq!(msg(&unknown), msg(&known), "the same message for both");
    for _ in 0..5 {
        let _ = t
            .browser_login("nobody@example.cn", "whatever password")
            .await;
    }
    let r = t
        .browser_login("nobody@example.cn", "whatever password")
        .await
        .err()
        .unwrap_or_else(|| panic!("signed in"));
    assert!(
        r.text().contains("locked"),
        "an unknown address locks like a real one"
    );
}

#[tokio::test]
async fn sessions_end_after_idle_time_by_role_and_after_twelve_hours() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    t.user(
        "firm@example.cn",
        "enterprise_user",
        Some("91440300708461136T"),
    )
    .await;
    let (staff, _) = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let (firm, _) = t
        .browser_login("firm@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    t.clock.advance_minutes(16);
    let r = t.page("/staff", &staff).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "staff session idle for 16 minutes has ended"
    );
    assert!(r.header("location").unwrap_or("").starts_with("/login"));
    assert_eq!(
        t.page("/portal", &firm).await.status,
        StatusCode::OK,
        "enterprise sessions allow 30 idle minutes"
    );
    t.clock.advance_minutes(31);
    assert_eq!(t.page("/portal", &firm).await.status, StatusCode::SEE_OTHER);

    let (staff, _) = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    for _ in 0..(12 * 6) {
        t.clock.advance_minutes(10);
        let r = t.page("/staff", &staff).await;
        if r.status != StatusCode::OK {
            break;
        }
    }
    assert_eq!(
        t.page("/staff", &staff).await.status,
        StatusCode::SEE_OTHER,
        "an active session still ends after 12 hours"
    );
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let (session, csrf) = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    // Without the CSRF token the logout form is refused.
    assert_eq!(
        t.form("/logout", &session, "").await.status,
        StatusCode::FORBIDDEN
    );
    let r = t.form("/logout", &session, &format!("_csrf={csrf}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.page("/staff", &session).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_tokens_at_once() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let (victim, token) = t
        .user_with_token("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let (session, _) = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(t.page("/staff", &session).await.status, StatusCode::OK);
    assert_eq!(
        t.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
    let r = t
        .post(
            &format!("/api/v1/users/{}/disable", victim.id),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["disabled"], true);
    assert_eq!(
        t.page("/staff", &session).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        t.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        t.browser_login("staff@example.cn", PASSWORD).await.is_err(),
        "a disabled account cannot sign in"
    );
}

#[tokio::test]
async fn a_token_in_use_still_stops_working_at_its_expiry() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let token = app::auth::tokens::create(
        &t.app,
        &app::Ctx::system("test"),
        "staff@example.cn",
        "short",
        Some(1),
    )
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    // Used just before it expires (so it is remembered as good)...
    t.clock.advance_minutes(24 * 60 - 1);
    assert_eq!(
        t.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
    // ...and refused a minute later, at once.
    t.clock.advance_minutes(1);
    assert_eq!(
        t.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let t = TestApp::new().await;
    t.user("admin@example.cn", "admin", None).await;
    let (session, csrf) = t
        .browser_login("admin@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let body = format!(
        "_csrf={csrf}&email=n%40example.cn&name=N&role=auditor&password={}",
        testkit::enc(PASSWORD)
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri("/staff/users")
        .header(header::HOST, "lifeline.example")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::COOKIE, format!("ll_session={session}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.send(req).await.status, StatusCode::FORBIDDEN);
    let r = t
        .form("/staff/users", &session, &body.replace(&csrf, "forged"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t.form("/staff/users", &session, &body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = t.page("/staff/users", &session).await.text();
    assert!(page.contains("n@example.cn"));
}
