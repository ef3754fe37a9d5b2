//! Measure 2's pages: the staff catalogue in Chinese and English and the public list in all
//! five languages, with payment modes in words and money as each language writes it.

use axum::http::Method;
use serde_json::json;
use testkit::PASSWORD;
use testkit::bureau::bureau;

use super::{bonus, create};

#[tokio::test]
async fn the_catalogue_and_the_public_list_speak_words_and_write_money_per_language() {
    let b = bureau().await;
    let p = create(&b, &b.staff_ip3, bonus("fi_bonus")).await;
    let (session, _) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let zh = b.t.page("/staff/funds?lang=zh-CN", &session).await.text();
    assert!(zh.contains("外商投资奖励"), "{zh}");
    assert!(zh.contains("30,000,000.01 元"));
    assert!(zh.contains("提前预拨"));
    assert!(zh.contains("未发布"));
    assert!(!zh.contains("in_advance"), "no raw codes");
    let en = b.t.page("/staff/funds?lang=en", &session).await.text();
    assert!(en.contains("Foreign-investment bonus"));
    assert!(en.contains("¥30,000,000.01"));
    assert!(en.contains("Paid in advance"));

    // The public list shows published programmes only.
    let public = b.t.get("/funds?lang=en", None).await.text();
    assert!(!public.contains("Foreign-investment bonus"));
    let path = format!(
        "/api/v1/fund-programmes/{}",
        p["id"].as_str().unwrap_or_default()
    );
    b.t.call(
        Method::PATCH,
        &path,
        Some(&b.chief_ip3),
        Some(json!({"published": true})),
    )
    .await;
    for (lang, name, money, mode) in [
        ("zh-CN", "外商投资奖励", "30,000,000.01 元", "提前预拨"),
        ("zh-Hant", "外商投资奖励", "30,000,000.01 元", "提前預撥"),
        (
            "en",
            "Foreign-investment bonus",
            "¥30,000,000.01",
            "Paid in advance",
        ),
        (
            "ja",
            "Foreign-investment bonus",
            "30,000,000.01 元",
            "前払い",
        ),
        (
            "ko",
            "Foreign-investment bonus",
            "30,000,000.01 위안",
            "선지급",
        ),
    ] {
        let page = b.t.get(&format!("/funds?lang={lang}"), None).await.text();
        assert!(page.contains(&format!("lang=\"{lang}\"")), "{lang}");
        for want in [name, money, mode, "验资报告"] {
            assert!(page.contains(want), "{lang} lacks {want}");
        }
        assert!(!page.contains("in_advance"), "{lang}: no raw codes");
    }
}
