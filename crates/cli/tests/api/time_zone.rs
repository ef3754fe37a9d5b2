//! The bureau's time zone is configuration: the same instant is shown as a different local
//! date and time when another zone is configured.

use testkit::{PASSWORD, TestApp, pg_url};

/// 2020-02-01 03:00 UTC: 11:00 on 1 February in Beijing, 22:00 on 31 January in New York.
const AT: i64 = 1_580_526_000_000;

async fn audit_page(t: &TestApp) -> String {
    t.clock.set_ms(AT);
    t.user("auditor@example.cn", "auditor", None).await;
    let (session, _) = t
        .browser_login("auditor@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("login: {}", r.text()));
    let page = t.page("/staff/audit", &session).await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.text());
    page.text()
}

#[tokio::test]
async fn the_configured_zone_changes_the_local_date_shown() {
    let beijing = audit_page(&TestApp::new().await).await;
    assert!(beijing.contains("2020-02-01 11:00"), "{beijing}");

    let mut settings = app::Settings::default();
    settings.calendar.zone =
        domain::dates::Zone::parse("America/New_York").unwrap_or_else(|e| panic!("{e}"));
    let new_york = audit_page(&TestApp::with_settings(pg_url(), settings).await).await;
    assert!(new_york.contains("2020-01-31 22:00"), "{new_york}");
    assert!(!new_york.contains("2020-02-01 11:00"), "{new_york}");
}
