//! Measure 3's whole journey, from a group message to a published FAQ entry.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::consulting::{CALENDAR_2020, group, receiver, signed};
use testkit::bureau::bureau;

use super::*;

/// Measure 3 as a new user meets it: a question in a district's messaging group about the
/// export-credit-insurance subsidy, routed to measure 2's division with its SLA due time over
/// the weekend and the Spring Festival, answered back to the group, and turned into a published
/// FAQ entry in Chinese and English that a two-character search finds.
#[tokio::test]
async fn measure_3_journey() {
    let b = bureau().await;
    let (url, seen) = receiver(vec![]).await;
    let (gid, secret) = group(&b, &url).await;
    let r =
        b.t.send(
            axum::http::Request::builder()
                .method(Method::PUT)
                .uri("/api/v1/calendar")
                .header("authorization", format!("Bearer {}", b.admin))
                .body(axum::body::Body::from(CALENDAR_2020))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    b.t.clock.set_ms(
        domain::dates::Zone::default()
            .parse_datetime("2020-01-23 17:00")
            .unwrap_or(0),
    );

    // 1. The enterprise asks in its district's group (the bot signs the body).
    let msg = json!({"message_id": "wx-777", "sender": {"id": "wx_chen", "name": "陈总"}, "text": "请问出口信用保险保费补贴怎么申请？需要什么材料？"});
    let r = signed(&b.t, &gid, &secret, &msg).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // 2. Routed to measure 2's division for that item, due after the holiday.
    assert_eq!(r.json()["division"], "FT");
    let id = r.json()["case_id"].as_str().unwrap_or_default().to_owned();
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    // 240 working minutes: 30 on Thursday, then 180 + 30 on Monday 3 February.
    assert_eq!(
        c["sla"]["first_response"]["due_at"],
        domain::dates::Zone::default()
            .parse_datetime("2020-02-03 14:00")
            .unwrap_or(0),
        "{}",
        c["sla"]
    );

    // 3. Staff answer; the reply reaches the group's robot.
    b.t.clock.set_ms(
        domain::dates::Zone::default()
            .parse_datetime("2020-02-03 09:20")
            .unwrap_or(0),
    );
    let answer =
        "登录商务局网站下载《出口信用保险保费补贴申请表》，连同保单和缴费凭证于3月15日前提交。";
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.staff_ft),
            json!({"kind": "reply_to_enterprise", "content": answer}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    app::jobs::worker::run_once(&b.t.app, "worker-1")
        .await
        .unwrap_or(0);
    assert!(
        seen.lock()
            .map(|v| v.iter().any(|body| body.contains("3月15日前提交")))
            .unwrap_or(false)
    );
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(c["deliveries"][0]["state"], "sent");
    assert_eq!(c["sla"]["first_response"]["state"], "met");

    // 4. The answer becomes an FAQ entry in zh-CN and en, published, found by 保费.
    let staff_ft_edit = b.staff_ft.clone();
    let draft =
        b.t.post(
            &format!("/api/v1/cases/{id}/faq"),
            Some(&staff_ft_edit),
            json!({}),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    let fid = draft.json()["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(draft.json()["source_case"], id.as_str());
    let r = b.t.call(Method::PUT, &format!("/api/v1/faq-entries/{fid}"), Some(&staff_ft_edit), Some(json!({"texts": [{"lang": "en", "question": "How do we apply for the export-credit-insurance premium subsidy?", "answer": "Download the application form from the Bureau's website and submit it with the policy and proof of payment by 15 March."}], "note": "English translation"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r =
        b.t.post(
            &format!("/api/v1/faq-entries/{fid}/status"),
            Some(&staff_ft_edit),
            json!({"status": "published"}),
        )
        .await;
    assert_eq!(r.json()["status"], "published");
    let found = b.t.get("/api/v1/faq?q=保费&lang=en", None).await.json();
    assert_eq!(ids(&found), vec![fid.clone()]);
    assert!(
        found["items"][0]["question"]
            .as_str()
            .unwrap_or("")
            .starts_with("How do we apply")
    );
}
