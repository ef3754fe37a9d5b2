//! The portal home shows the enterprise its designated official and its bureau contact, with
//! their phones to call; never another enterprise's.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::PASSWORD;
use testkit::bureau::{Bureau, FIRM_A, bureau};

async fn designate(b: &Bureau) {
    let people =
        b.t.get("/api/v1/people?q=%E8%B5%B5%E5%A9%B7", Some(&b.admin))
            .await
            .json();
    let zhao_ting = people["items"][0]["id"].clone();
    let r =
        b.t.call(
            Method::PUT,
            &format!("/api/v1/enterprises/{FIRM_A}/liaison"),
            Some(&b.staff_ip3),
            Some(json!({"official": b.official_id, "contact": zhao_ting, "reason": "首次指定"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn the_enterprise_sees_whom_to_call() {
    let b = bureau().await;
    let url = format!("/api/v1/enterprises/{FIRM_A}/liaisons");
    let before = b.t.get(&url, Some(&b.firm_a)).await.json();
    assert_eq!(before, json!({"official": null, "contact": null}));
    designate(&b).await;
    let v = b.t.get(&url, Some(&b.firm_a)).await.json();
    assert_eq!(v["official"]["name"], "Test district_official");
    assert_eq!(v["official"]["email"], "official@example.cn");
    assert_eq!(v["contact"]["name"], "赵婷");
    assert_eq!(v["contact"]["office_phone"]["display"], "0411-83630302");
    assert_eq!(v["contact"]["office_phone"]["tel"], "+8641183630302");
    // The contact's mobile in full: the enterprise is to call it.
    assert_eq!(v["contact"]["mobile"]["display"], "139 0411 0302");
    assert_eq!(v["contact"]["mobile"]["tel"], "+8613904110302");
    // Another enterprise: not found, like a missing one.
    let other = b.t.get(&url, Some(&b.firm_b)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // The portal home shows both with tel: links.
    b.t.user("home@firm.cn", "enterprise_user", Some(FIRM_A))
        .await;
    let (session, _) =
        b.t.browser_login("home@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page("/portal", &session).await.text();
    assert!(page.contains("赵婷"), "{page}");
    assert!(page.contains("href=\"tel:+8613904110302\""), "{page}");
    assert!(page.contains("href=\"tel:+8641183630302\""));
    assert!(page.contains("mailto:official@example.cn"));
}
