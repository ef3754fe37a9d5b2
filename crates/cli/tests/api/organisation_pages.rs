//! The organisation's pages: the table laid out like the attachment, the working group's
//! chart, the directory, and the import's upload, preview and CSRF check.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use testkit::{PASSWORD, TestApp};

use super::organisation::AS_PRINTED;

#[tokio::test]
async fn the_pages_show_the_table_chart_directory_and_import_preview() {
    let t = TestApp::new().await;
    app::demo::seed(&t.app)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (session, csrf) = t
        .browser_login("admin@demo.lifeline.cn", app::demo::DEMO_PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = t.page("/staff/work-distribution", &session).await.text();
    assert!(
        page.contains("href=\"tel:+8641183630301\""),
        "office numbers are tel: links"
    );
    assert!(
        page.contains("href=\"tel:+8613804110301\""),
        "an admin may call mobiles"
    );
    assert!(page.contains("★"), "the leading division is marked");
    let wg = t.page("/staff/working-group", &session).await.text();
    assert!(wg.contains("马国强") && wg.contains("林涛") && wg.contains("高峰"));
    let dir = t
        .page("/staff/directory?q=%E8%B5%B5", &session)
        .await
        .text();
    assert!(dir.contains("赵婷") && !dir.contains("刘建国"));
    let m1 = t.page("/staff/measures/1", &session).await.text();
    assert!(m1.contains("IP3") && m1.contains("王晓明"));

    // Upload → preview with the problems → nothing written yet.
    let (ct, body) = testkit::multipart("as-printed.csv", AS_PRINTED.as_bytes(), &[]);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/staff/work-distribution/import?_csrf={csrf}"))
        .header(header::COOKIE, format!("ll_session={session}"))
        .header(header::CONTENT_TYPE, ct.clone())
        .body(Body::from(body.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    let preview = t.send(req).await;
    assert_eq!(preview.status, StatusCode::OK);
    let html = preview.text();
    assert!(
        html.contains("1390411020") && html.contains("a mobile number has 11 digits"),
        "the preview lists the problems"
    );
    // Without the CSRF token the upload is refused.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/staff/work-distribution/import")
        .header(header::COOKIE, format!("ll_session={session}"))
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.send(req).await.status, StatusCode::FORBIDDEN);

    // The reviewer sees the table with masked mobiles and cannot import.
    t.user("rev@example.cn", "reviewer", None).await;
    let (rev, _) = t
        .browser_login("rev@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = t.page("/staff/work-distribution", &rev).await.text();
    assert!(page.contains("138****0301") && !page.contains("tel:+8613804110301"));
    assert_eq!(
        t.page("/staff/work-distribution/import", &rev).await.status,
        StatusCode::FORBIDDEN
    );
}
