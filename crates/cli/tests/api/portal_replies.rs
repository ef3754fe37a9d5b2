//! An enterprise replies on its own case in the portal: a record the staff see, and a case that
//! was waiting on the enterprise is back in progress. Never on another enterprise's case.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{FIRM_A, bureau, move_case, open_case};
use testkit::{PASSWORD, enc};

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_reply_puts_a_waiting_case_back_in_progress_and_staff_see_it() {
    let b = bureau().await;
    let id = id_of(&open_case(&b, &b.firm_a, FIRM_A).await);
    move_case(
        &b,
        &b.staff_ip3,
        &id,
        &["in_progress", "waiting_on_enterprise"],
    )
    .await;
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/replies"),
            Some(&b.firm_a),
            json!({"content": "库存清单已上传。\n请查收。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["status"], "in_progress");
    // The staff see the reply and the status move, in order, with who replied.
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json();
    let timeline = c["timeline"].as_array().cloned().unwrap_or_default();
    let n = timeline.len();
    assert!(n >= 2, "{c}");
    assert_eq!(timeline[n - 2]["record_kind"], "enterprise_reply");
    assert_eq!(timeline[n - 2]["content"], "库存清单已上传。\n请查收。");
    assert_eq!(timeline[n - 2]["internal"], false);
    assert_eq!(timeline[n - 1]["from_status"], "waiting_on_enterprise");
    assert_eq!(timeline[n - 1]["to_status"], "in_progress");
    // A reply on a case in progress is a record only.
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/replies"),
            Some(&b.firm_a),
            json!({"content": "补充说明"}),
        )
        .await;
    assert_eq!(r.json()["status"], "in_progress");
}

#[tokio::test]
async fn only_the_enterprise_itself_replies() {
    let b = bureau().await;
    let id = id_of(&open_case(&b, &b.firm_a, FIRM_A).await);
    let path = format!("/api/v1/cases/{id}/replies");
    let body = json!({"content": "不是我们的事项"});
    // Another enterprise: the case does not exist for it.
    let other = b.t.post(&path, Some(&b.firm_b), body.clone()).await;
    let missing =
        b.t.post(
            &format!("/api/v1/cases/{}/replies", uuid::Uuid::now_v7()),
            Some(&b.firm_b),
            body.clone(),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(other.body, missing.body, "out of scope looks like missing");
    // Staff record their work with records, not as the enterprise.
    let staff = b.t.post(&path, Some(&b.staff_ip3), body).await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    // Firm A's case has no trace of either.
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.firm_a))
            .await
            .json();
    assert!(!c.to_string().contains("不是我们的事项"));
    // An empty reply is refused naming the field.
    let empty =
        b.t.post(&path, Some(&b.firm_a), json!({"content": "  "}))
            .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["errors"][0]["field"], "content");
    assert_eq!(
        empty.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn the_portal_page_sends_a_reply() {
    let b = bureau().await;
    b.t.user("page@firm.cn", "enterprise_user", Some(FIRM_A))
        .await;
    let id = id_of(&open_case(&b, &b.firm_a, FIRM_A).await);
    move_case(
        &b,
        &b.staff_ip3,
        &id,
        &["in_progress", "waiting_on_enterprise"],
    )
    .await;
    let (session, csrf) =
        b.t.browser_login("page@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page(&format!("/portal/cases/{id}"), &session).await;
    assert!(
        page.text().contains("商务局正在等待您对此事项的答复"),
        "{}",
        page.text()
    );
    let r =
        b.t.form(
            &format!("/portal/cases/{id}/replies"),
            &session,
            &format!("_csrf={csrf}&content={}", enc("我们已恢复生产")),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some(format!("/portal/cases/{id}#reply").as_str())
    );
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(c["status"], "in_progress", "{c}");
    let page =
        b.t.page(&format!("/portal/cases/{id}"), &session)
            .await
            .text();
    assert!(page.contains("我们已恢复生产"), "{page}");
    assert!(page.contains("企业回复"), "{page}");
    assert!(!page.contains("商务局正在等待您对此事项的答复"));
}
