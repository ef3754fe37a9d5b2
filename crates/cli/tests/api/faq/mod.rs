//! The FAQ: versions and diffs, scheduled publication, language fallback, search in four
//! languages, votes, drafts from answered inquiries; and measure 3's whole journey.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use testkit::bureau::{Bureau, bureau};

mod journey;

async fn entry(b: &Bureau, texts: Value) -> String {
    let r =
        b.t.post(
            "/api/v1/faq-entries",
            Some(&b.staff_ip3),
            json!({"measure": 3, "tags": ["防疫"], "texts": texts}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap_or_default().to_owned()
}

async fn publish(b: &Bureau, id: &str, at: Option<&str>) -> Value {
    let r =
        b.t.post(
            &format!("/api/v1/faq-entries/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": "published", "at": at}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_revision_keeps_the_old_version_and_the_diff_shows_the_change() {
    let b = bureau().await;
    let id = entry(&b, json!([
        {"lang": "zh-CN", "question": "出口信用保险保费补贴比例是多少？", "answer": "补贴比例为保费的50%。"},
        {"lang": "en", "question": "What share of the premium is subsidised?", "answer": "50% of the premium."}
    ])).await;
    let r = b.t.call(Method::PUT, &format!("/api/v1/faq-entries/{id}"), Some(&b.staff_ip3), Some(json!({"texts": [{"lang": "zh-CN", "question": "出口信用保险保费补贴比例是多少？", "answer": "补贴比例为保费的80%。"}], "note": "2月新政提高比例"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v2 = r.json();
    assert_eq!(v2["version"], 2);
    // The English text, not given, carries over.
    assert!(v2["texts"].to_string().contains("50% of the premium"));

    let history =
        b.t.get(
            &format!("/api/v1/faq-entries/{id}/versions"),
            Some(&b.staff_ip3),
        )
        .await
        .json();
    let versions = history["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(versions.len(), 2);
    assert!(versions[0]["texts"].to_string().contains("保费的50%"));
    assert!(versions[1]["texts"].to_string().contains("保费的80%"));
    assert_eq!(versions[1]["note"], "2月新政提高比例");
    assert_eq!(versions[1]["editor"], "ip3@example.cn");

    let diff =
        b.t.get(
            &format!("/api/v1/faq-entries/{id}/diff?from=1&to=2"),
            Some(&b.staff_ip3),
        )
        .await
        .json();
    let zh = diff
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["lang"] == "zh-CN")
        .cloned()
        .unwrap_or_default();
    let parts = zh["answer"].as_array().cloned().unwrap_or_default();
    assert!(
        parts
            .iter()
            .any(|p| p["op"] == "removed" && p["text"] == "5"),
        "{zh}"
    );
    assert!(
        parts.iter().any(|p| p["op"] == "added" && p["text"] == "8"),
        "{zh}"
    );
    let en = diff
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["lang"] == "en")
        .cloned()
        .unwrap_or_default();
    assert!(
        en["answer"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|p| p["op"] == "same")
    );
    let bad =
        b.t.get(
            &format!("/api/v1/faq-entries/{id}/diff?from=1&to=7"),
            Some(&b.staff_ip3),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "to");

    // The trail records who changed what.
    let (_, auditor) = b.t.user_with_token("au@example.cn", "auditor", None).await;
    let trail =
        b.t.get(
            &format!("/api/v1/audit?object_type=faq&object_id={id}"),
            Some(&auditor),
        )
        .await
        .json();
    assert_eq!(trail["items"][0]["action"], "faq_revised");
}

#[tokio::test]
async fn an_entry_prepared_in_advance_appears_at_its_time() {
    let b = bureau().await;
    let id = entry(&b, json!([{"lang": "zh-CN", "question": "复工后口罩如何采购？", "answer": "可向市防疫物资保障组登记。"}])).await;
    // A draft is not public.
    assert_eq!(
        b.t.get(&format!("/api/v1/faq/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    let now = app::clock::Clock::now_ms(&*b.t.clock);
    let at = domain::dates::Zone::default().datetime(now + 2 * 3_600_000);
    let v = publish(&b, &id, Some(&at)).await;
    assert_eq!(v["status"], "scheduled");
    assert_eq!(
        b.t.get(&format!("/api/v1/faq/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(ids(&b.t.get("/api/v1/faq?q=口罩", None).await.json()).is_empty());
    b.t.clock.advance_minutes(121);
    let r = b.t.get(&format!("/api/v1/faq/{id}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        ids(&b.t.get("/api/v1/faq?q=口罩", None).await.json()),
        vec![id.clone()]
    );
    // Archived, it is gone from the public side but kept for staff.
    b.t.post(
        &format!("/api/v1/faq-entries/{id}/status"),
        Some(&b.staff_ip3),
        json!({"status": "archived"}),
    )
    .await;
    assert_eq!(
        b.t.get(&format!("/api/v1/faq/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/faq-entries/{id}"), Some(&b.staff_ip3))
            .await
            .json()["status"],
        "archived"
    );
}

#[tokio::test]
async fn search_works_in_four_languages_and_ranks_the_question_first() {
    let b = bureau().await;
    let zh = entry(&b, json!([{"lang": "zh-CN", "question": "企业如何申请口罩出口许可？", "answer": "向商务局提交申请表。"}])).await;
    let zh_answer_only = entry(&b, json!([{"lang": "zh-CN", "question": "防疫物资有哪些出口要求？", "answer": "包括口罩、防护服等，须符合进口国标准。"}])).await;
    let ja = entry(&b, json!([{"lang": "ja", "question": "マスクの輸出許可はどう申請しますか？", "answer": "商務局に申請書を提出してください。"}])).await;
    let ko = entry(&b, json!([{"lang": "ko", "question": "마스크를 수출하려면 무엇이 필요합니까?", "answer": "상무국에 신청서를 제출하십시오."}])).await;
    let en = entry(&b, json!([{"lang": "en", "question": "How do we get an export licence for masks?", "answer": "Submit the form to the Bureau of Commerce."}])).await;
    for id in [&zh, &zh_answer_only, &ja, &ko, &en] {
        publish(&b, id, None).await;
    }
    let found = ids(&b.t.get("/api/v1/faq?q=口罩", None).await.json());
    assert_eq!(
        found,
        vec![zh.clone(), zh_answer_only.clone()],
        "the question match ranks first"
    );
    assert_eq!(
        ids(&b
            .t
            .get(&format!("/api/v1/faq?q={}", testkit::enc("マスク")), None)
            .await
            .json()),
        vec![ja.clone()]
    );
    assert_eq!(
        ids(&b
            .t
            .get(&format!("/api/v1/faq?q={}", testkit::enc("마스크")), None)
            .await
            .json()),
        vec![ko.clone()]
    );
    assert_eq!(
        ids(&b.t.get("/api/v1/faq?q=Mask", None).await.json()),
        vec![en.clone()]
    );
    assert!(
        ids(&b.t.get("/api/v1/faq?q=the", None).await.json()).is_empty(),
        "stop words alone find nothing"
    );
    // A Japanese reader of a Chinese-only entry gets the Chinese text, marked as a fallback.
    let r =
        b.t.get(&format!("/api/v1/faq/{zh}?lang=ja"), None)
            .await
            .json();
    assert_eq!(r["lang"], "zh-CN");
    assert_eq!(r["translation_missing"], true);
    let r =
        b.t.get(&format!("/api/v1/faq/{en}?lang=ko"), None)
            .await
            .json();
    assert_eq!(r["lang"], "en");
    let r =
        b.t.get(&format!("/api/v1/faq/{ja}?lang=ja"), None)
            .await
            .json();
    assert_eq!(r["translation_missing"], false);
}

#[tokio::test]
async fn votes_count_once_per_person_and_feed_the_unhelpful_report() {
    let b = bureau().await;
    let a = entry(
        &b,
        json!([{"lang": "zh-CN", "question": "问题甲", "answer": "回答甲"}]),
    )
    .await;
    let c = entry(
        &b,
        json!([{"lang": "zh-CN", "question": "问题乙", "answer": "回答乙"}]),
    )
    .await;
    for id in [&a, &c] {
        publish(&b, id, None).await;
    }
    for _ in 0..3 {
        let r =
            b.t.post(
                &format!("/api/v1/faq/{a}/votes"),
                None,
                json!({"helpful": false}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    b.t.post(
        &format!("/api/v1/faq/{c}/votes"),
        Some(&b.firm_a),
        json!({"helpful": false}),
    )
    .await;
    b.t.post(
        &format!("/api/v1/faq/{c}/votes"),
        Some(&b.firm_b),
        json!({"helpful": false}),
    )
    .await;
    let r =
        b.t.post(
            &format!("/api/v1/faq/{a}/votes"),
            Some(&b.firm_a),
            json!({"helpful": true}),
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"helpful": 1, "unhelpful": 1}),
        "the anonymous visitor's three votes count once"
    );
    let report =
        b.t.get("/api/v1/reports/faq-unhelpful", Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(ids(&report), vec![c.clone(), a.clone()]);
    assert_eq!(
        b.t.get("/api/v1/reports/faq-unhelpful", Some(&b.firm_a))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad =
        b.t.post(
            &format!("/api/v1/faq/{a}/votes"),
            None,
            json!({"helpful": "maybe"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
