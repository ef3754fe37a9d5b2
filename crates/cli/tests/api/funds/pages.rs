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

#[tokio::test]
async fn a_refused_enterprise_sees_in_its_language_what_would_make_it_eligible() {
    let b = bureau().await;
    let id = super::rules::published(&b).await;
    super::rules::premiums(&b, testkit::bureau::FIRM_A, 1_234_567).await;
    let (a, _) =
        b.t.browser_login("a@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let (refused, _) =
        b.t.browser_login("b@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let list = b.t.page("/portal/funds?lang=en", &a).await.text();
    assert!(list.contains(&format!("/portal/funds/{id}")), "{list}");
    let ok =
        b.t.page(&format!("/portal/funds/{id}?lang=en"), &a)
            .await
            .text();
    assert!(ok.contains("Your enterprise qualifies: ¥7,407.40"), "{ok}");
    assert!(ok.contains("¥12,345.67"));
    for (lang, want) in [
        (
            "zh-CN",
            [
                "本企业暂不符合条件",
                "怎样才能符合条件",
                "还差 0.01 元",
                "未提供",
            ],
        ),
        (
            "zh-Hant",
            [
                "本企業暫不符合條件",
                "怎樣才能符合條件",
                "還差 0.01 元",
                "未提供",
            ],
        ),
        (
            "en",
            [
                "does not qualify yet",
                "What would make you eligible",
                "Short by ¥0.01",
                "not given",
            ],
        ),
        (
            "ja",
            [
                "まだ対象ではありません",
                "対象になるには",
                "あと 0.01 元 不足",
                "未提出",
            ],
        ),
        (
            "ko",
            [
                "아직 대상이 아닙니다",
                "대상이 되려면",
                "0.01 위안 부족",
                "미제출",
            ],
        ),
    ] {
        let page =
            b.t.page(&format!("/portal/funds/{id}?lang={lang}"), &refused)
                .await
                .text();
        for w in want {
            assert!(page.contains(w), "{lang} lacks {w}: {page}");
        }
        assert!(!page.contains("premiums_paid"), "{lang}: no raw codes");
    }
}
