//! Who sees the people's mobiles.

use axum::http::StatusCode;
use serde_json::Value;
use testkit::TestApp;

use super::*;

#[tokio::test]
async fn mobiles_are_shown_only_to_roles_that_need_them() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    let (_, staff) = t
        .user_with_token("s@example.cn", "division_staff", Some("FT"))
        .await;
    let (_, reviewer) = t.user_with_token("r@example.cn", "reviewer", None).await;
    let (_, firm) = t
        .user_with_token(
            "f@example.cn",
            "enterprise_user",
            Some("91440300708461136T"),
        )
        .await;
    let find = |v: &Value| {
        v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == "李红")
            .cloned()
            .unwrap_or_default()
    };
    let seen = find(
        &t.get("/api/v1/people?q=%E6%9D%8E", Some(&staff))
            .await
            .json(),
    );
    assert_eq!(seen["mobile"]["display"], "138 0411 0401");
    assert_eq!(seen["mobile"]["tel"], "+8613804110401");
    let masked = find(
        &t.get("/api/v1/people?q=%E6%9D%8E", Some(&reviewer))
            .await
            .json(),
    );
    assert_eq!(masked["mobile"]["display"], "138****0401");
    assert!(masked["mobile"]["tel"].is_null());
    assert_eq!(
        masked["office_phone"]["display"], "0411-83630401",
        "office numbers stay visible"
    );
    // The portal's users see the measures' contacts (masked) but not the bureau's directory.
    assert_eq!(
        t.get("/api/v1/people", Some(&firm)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        t.get("/api/v1/work-distribution", Some(&firm)).await.status,
        StatusCode::FORBIDDEN
    );
    let m6 = t.get("/api/v1/measures/6", Some(&firm)).await.json();
    assert_eq!(
        m6["responsibilities"][0]["chief"]["mobile"]["display"],
        "138****0401"
    );
    // The auditor reads the trail with mobiles masked too.
    let (_, auditor) = t.user_with_token("a@example.cn", "auditor", None).await;
    let trail = t
        .get("/api/v1/audit?object_type=person&limit=200", Some(&auditor))
        .await
        .text();
    assert!(
        trail.contains("138****0401") && !trail.contains("+8613804110401"),
        "{trail}"
    );
    assert_eq!(
        t.get(
            "/api/v1/work-distribution/export?format=csv",
            Some(&reviewer)
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "the export carries mobiles"
    );
    let search = t
        .get("/api/v1/people?q=83630401", Some(&staff))
        .await
        .json();
    assert_eq!(
        search["total"], 0,
        "the directory searches names, titles and e-mail only"
    );
    let by_division = t
        .get("/api/v1/people?division=GLA", Some(&staff))
        .await
        .json();
    assert_eq!(by_division["total"], 2);
    assert_eq!(
        t.get("/api/v1/people?division=XX", Some(&staff))
            .await
            .json()["errors"][0]["field"],
        "division"
    );
}
