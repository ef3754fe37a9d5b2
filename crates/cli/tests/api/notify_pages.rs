//! The inbox pages (staff and portal, with the header's unread badge) and the demo's
//! "Outgoing mail" page.

use axum::http::StatusCode;
use serde_json::json;
use testkit::PASSWORD;
use testkit::bureau::{FIRM_A, bureau, open_case};

#[tokio::test]
async fn staff_and_enterprise_users_read_their_own_inbox_pages_and_mark_them_read() {
    let b = bureau().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let (session, csrf) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page("/staff/inbox?lang=en", &session).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("新案件分派至"), "{html}");
    assert!(
        html.contains("class=\"badge\""),
        "the header counts unread: {html}"
    );
    // Opening an entry marks it read and goes to the case.
    let entry = b.t.get("/api/v1/inbox", Some(&b.staff_ip3)).await.json()["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.form(
            &format!("/staff/inbox/{entry}/read"),
            &session,
            &format!("_csrf={csrf}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some(format!("/staff/cases/{}", c["id"].as_str().unwrap_or_default()).as_str())
    );
    let html = b.t.page("/staff/inbox", &session).await.text();
    assert!(!html.contains("class=\"badge\""), "{html}");

    // The enterprise user's portal inbox, in Japanese; staff pages are not theirs.
    let r =
        b.t.call(
            axum::http::Method::PUT,
            &format!("/api/v1/enterprises/{FIRM_A}/liaison"),
            Some(&b.admin),
            Some(json!({"official": b.official_id, "contact": null, "reason": "分片"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let (firm, _) =
        b.t.browser_login("a@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page("/portal/inbox?lang=ja", &firm).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("すべて既読にする"), "{html}");
    assert!(html.contains("大连海湾精密制造有限公司"), "{html}");
    assert_eq!(
        b.t.page("/staff/inbox", &firm).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn outgoing_mail_is_an_admin_page_that_explains_itself_outside_the_demo() {
    let b = bureau().await;
    let (admin, _) = {
        let (_, _) =
            b.t.user_with_token("admin2@example.cn", "admin", None)
                .await;
        b.t.browser_login("admin2@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()))
    };
    let page = b.t.page("/staff/outgoing-mail?lang=en", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("lifeline demo"), "{}", page.text());
    let (staff, _) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(
        b.t.page("/staff/outgoing-mail", &staff).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_account_page_changes_notification_preferences() {
    let b = bureau().await;
    let (session, csrf) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let html = b.t.page("/account?lang=en", &session).await.text();
    assert!(html.contains("A case is assigned to me"), "{html}");
    assert!(
        html.contains("name=\"email_case_assigned\" aria-label"),
        "{html}"
    );
    // Only e-mail for assignments, in English, no digest.
    let r =
        b.t.form(
            "/account/notifications",
            &session,
            &format!("_csrf={csrf}&lang=en&email_case_assigned=on"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let p =
        b.t.get("/api/v1/me/notification-preferences", Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(p["lang"], "en");
    assert_eq!(p["digest"], false);
    let with_email: Vec<&str> = p["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["email"] == true)
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert_eq!(with_email, ["case_assigned"]);
}

#[tokio::test]
async fn a_chief_puts_staff_on_duty_from_the_account_page() {
    let b = bureau().await;
    let (session, csrf) =
        b.t.browser_login("chief@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let roster = b.t.get("/api/v1/on-duty", Some(&b.chief_ip3)).await.json();
    assert_eq!(roster.as_array().map(Vec::len), Some(1), "{roster}");
    let (id, name) = (
        roster[0]["user_id"].as_str().unwrap_or_default().to_owned(),
        roster[0]["name"].as_str().unwrap_or_default().to_owned(),
    );
    let html = b.t.page("/account?lang=en", &session).await.text();
    assert!(html.contains("Duty roster"), "{html}");
    assert!(html.contains(&name) && html.contains("Off duty"), "{html}");
    assert!(
        html.contains(&format!("action=\"/account/duty/{id}\"")),
        "{html}"
    );

    let r =
        b.t.form(
            &format!("/account/duty/{id}"),
            &session,
            &format!("_csrf={csrf}&on_duty=1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let roster = b.t.get("/api/v1/on-duty", Some(&b.chief_ip3)).await.json();
    assert_eq!(roster[0]["on_duty"], true, "{roster}");
    let zh = b.t.page("/account?lang=zh-CN", &session).await.text();
    assert!(zh.contains("值班安排") && zh.contains("取消值班"), "{zh}");

    // Without the CSRF token: refused. Another division's staff member: not found.
    let r =
        b.t.form(&format!("/account/duty/{id}"), &session, "on_duty=0")
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let ft = b.t.get("/api/v1/me", Some(&b.staff_ft)).await.json();
    let ft = ft["id"].as_str().unwrap_or_default();
    let r =
        b.t.form(
            &format!("/account/duty/{ft}"),
            &session,
            &format!("_csrf={csrf}&on_duty=1"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());

    // Staff see no roster on their account page.
    let (staff, _) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let html = b.t.page("/account?lang=en", &staff).await.text();
    assert!(!html.contains("Duty roster"), "{html}");
}
