//! A person who asked on `/ask` looks the question up by its reference and the contact they
//! gave: its status and the bureau's answers, never internal notes; a wrong reference and a
//! wrong contact look the same; look-ups are rate-limited per address.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, add_record, bureau, open_case};
use testkit::{Res, enc};

async fn asked(b: &Bureau, contact: &str) -> String {
    let q = json!({"question": "复工后员工的核酸检测费用可以申请补贴吗？", "contact_name": "王先生", "contact": contact});
    let r = b.t.post("/api/v1/inquiries", None, q).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn look(b: &Bureau, reference: &str, contact: &str) -> Res {
    b.t.post(
        "/api/v1/inquiries/status",
        None,
        json!({"reference": reference, "contact": contact}),
    )
    .await
}

#[tokio::test]
async fn the_asker_sees_the_status_and_the_published_answer() {
    let b = bureau().await;
    let id = asked(&b, "Wang.Li@Example.cn").await;
    let r = look(&b, &id, "wang.li@example.cn").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"], "new");
    assert_eq!(v["answers"], json!([]));
    add_record(&b, &id, "internal_note", "内部：先核实补贴目录").await;
    add_record(
        &b,
        &id,
        "reply_to_enterprise",
        "可以申请，请于3月15日前提交发票。",
    )
    .await;
    let v = look(&b, &id, " Wang.Li@example.CN ").await.json();
    assert_eq!(v["reference"], id.as_str());
    assert_eq!(v["question"], "复工后员工的核酸检测费用可以申请补贴吗？");
    let answers: Vec<&str> = v["answers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["content"].as_str())
        .collect();
    assert_eq!(answers, ["可以申请，请于3月15日前提交发票。"]);
    assert!(!v.to_string().contains("内部"), "{v}");
}

#[tokio::test]
async fn a_mobile_is_matched_in_any_notation() {
    let b = bureau().await;
    let id = asked(&b, "13900001111").await;
    for typed in ["139 0000 1111", "+86 139-0000-1111", "+8613900001111"] {
        assert_eq!(look(&b, &id, typed).await.status, StatusCode::OK, "{typed}");
    }
    assert_eq!(
        look(&b, &id, "13900001112").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_wrong_reference_or_contact_looks_the_same() {
    let b = bureau().await;
    let id = asked(&b, "asker@example.cn").await;
    // A difficulty case with no public question behind it is not an /ask question either.
    let other = open_case(&b, &b.firm_a, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let wrong_contact = look(&b, &id, "other@example.cn").await;
    let wrong_ref = look(&b, &uuid::Uuid::now_v7().to_string(), "asker@example.cn").await;
    let garbage = look(&b, "12345", "asker@example.cn").await;
    let not_a_question = look(&b, &other, "asker@example.cn").await;
    for r in [&wrong_contact, &wrong_ref, &garbage, &not_a_question] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body, wrong_contact.body);
    }
    let missing = look(&b, &id, " ").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["errors"][0]["field"], "contact");
}

#[tokio::test]
async fn look_ups_are_rate_limited_per_address() {
    let b = bureau().await;
    let id = asked(&b, "asker@example.cn").await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(look(&b, &id, "guess@example.cn").await.status);
    }
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::NOT_FOUND));
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    let p: Value = look(&b, &id, "asker@example.cn").await.json();
    assert_eq!(p["status"], 429, "the right contact waits too: {p}");
}

#[tokio::test]
async fn the_public_page_looks_a_question_up() {
    let b = bureau().await;
    let id = asked(&b, "asker@example.cn").await;
    add_record(&b, &id, "reply_to_enterprise", "可以申请。\n请携带发票。").await;
    let form = b.t.get(&format!("/ask/status?reference={id}"), None).await;
    assert_eq!(form.status, StatusCode::OK);
    let text = form.text();
    assert!(
        text.contains(&format!("value=\"{id}\"")),
        "the reference is filled in"
    );
    let post = |contact: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/ask/status")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT_LANGUAGE, "ja")
            .body(Body::from(format!(
                "reference={id}&contact={}",
                enc(contact)
            )))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let found = b.t.send(post("asker@example.cn")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text());
    let page = found.text();
    assert!(page.contains("商務局からの回答"), "{page}");
    assert!(
        page.contains("可以申请。<br>") && page.contains("请携带发票。"),
        "{page}"
    );
    let wrong = b.t.send(post("nobody@example.cn")).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(wrong.text().contains("一致するお問い合わせはありません"));
}
