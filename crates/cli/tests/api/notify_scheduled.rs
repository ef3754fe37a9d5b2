//! Notifications that do not come from a staff member's action on a case: the answer to a
//! question asked on `/ask` (to the asker's e-mail or mobile, in the language they asked in),
//! and the scheduled notices (SLA breaches, decisions due, the daily digest), each told once.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::bureau::{Bureau, FIRM_A, add_record, assign, open_case};

use super::notify::{drain, inbox, mails_to, my_id, subjects, with_sink, with_sink_and_sms};

/// Asks on the public form's API in a browser language.
async fn ask(b: &Bureau, contact: &str, lang: &str) -> String {
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/inquiries")
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(axum::body::Body::from(
            json!({"question": "复工后员工的核酸检测费用可以申请补贴吗？", "contact_name": "山田", "contact": contact}).to_string(),
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = b.t.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_answer_to_a_question_reaches_the_asker_in_the_language_they_asked_in() {
    let (b, sink, sms) = with_sink_and_sms().await;
    let id = ask(&b, "yamada@example.jp", "ja,en;q=0.5").await;
    add_record(&b, &id, "internal_note", "内部：先核实").await;
    drain(&b).await;
    assert!(
        mails_to(&sink, "yamada@example.jp").is_empty(),
        "notes stay inside"
    );
    add_record(&b, &id, "reply_to_enterprise", "可以申请。\n请携带发票。").await;
    drain(&b).await;
    let mails = mails_to(&sink, "yamada@example.jp");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].0.starts_with("お問い合わせへの回答："),
        "{mails:?}"
    );
    assert!(mails[0].1.contains("可以申请。\n请携带发票。"), "{mails:?}");

    // A mobile number gets the answer by SMS, in E.164, in the page's language (here German
    // falls back to English).
    let id = ask(&b, "138 0000 0000", "de").await;
    add_record(&b, &id, "reply_to_enterprise", "Yes, you can.").await;
    drain(&b).await;
    let texts = sms.json();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0]["to"], "+8613800000000");
    let text = texts[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("Your question has been answered:"),
        "{text}"
    );
    assert!(text.contains("Yes, you can."), "{text}");
}

#[tokio::test]
async fn sla_breaches_decisions_due_and_the_digest_are_told_once() {
    let (b, sink) = with_sink().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    let staff_id = my_id(&b, &b.staff_ip3).await;
    assign(&b, &b.chief_ip3, id, &staff_id).await;
    // Thirty days on, both clocks have run out.
    b.t.clock.advance_minutes(30 * 24 * 60);
    let n = app::notify::scan::scan(&b.t.app)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 2, "first response and resolution breached");
    assert_eq!(
        app::notify::scan::scan(&b.t.app)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        0,
        "told once"
    );
    let staff = inbox(&b, &b.staff_ip3).await;
    let events: Vec<&str> = staff["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["event"].as_str())
        .collect();
    assert_eq!(
        events.iter().filter(|e| **e == "sla_breached").count(),
        2,
        "{staff}"
    );
    assert!(
        subjects(&inbox(&b, &b.chief_ip3).await)
            .iter()
            .any(|s| s == "已超时：原材料断供"),
        "the chief hears of breaches"
    );

    // The assignee's digest: one e-mail a day.
    let sent = app::notify::scan::digest(&b.t.app)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sent, 1);
    assert_eq!(
        app::notify::scan::digest(&b.t.app)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        0
    );
    drain(&b).await;
    let digest: Vec<(String, String)> = mails_to(&sink, "ip3@example.cn")
        .into_iter()
        .filter(|m| m.0.starts_with("每日工作摘要"))
        .collect();
    assert_eq!(digest.len(), 1, "{digest:?}");
    assert!(digest[0].0.contains("在办 1 件"), "{digest:?}");
}
