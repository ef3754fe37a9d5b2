//! The programme page shows each rule version in words; the division drafts on it (a bad rule
//! is shown back naming its field), its chief publishes, and the simulation page shows the
//! cost against the budget, in Chinese and English.

use testkit::PASSWORD;
use testkit::bureau::{FIRM_A, FIRM_B, bureau};

use super::rules::{premiums, premiums_rule, published};

#[tokio::test]
async fn staff_read_rules_in_words_draft_publish_and_simulate_on_pages() {
    let b = bureau().await;
    let id = published(&b).await;
    premiums(&b, FIRM_A, 1_000_000).await;
    premiums(&b, FIRM_B, 500_000).await;
    let (staff, csrf) =
        b.t.browser_login("ft@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page =
        b.t.page(&format!("/staff/funds/{id}?lang=zh-CN"), &staff)
            .await
            .text();
    for want in [
        "第 1 版",
        "已发布",
        "企业类型属于以下之一: 外商投资企业",
        "已缴出口信用保险保费不少于 0.01 元",
        "已缴出口信用保险保费的 60%",
    ] {
        assert!(page.contains(want), "lacks {want}: {page}");
    }
    assert!(!page.contains("foreign_invested</"), "no raw codes");
    assert!(!page.contains("/publish\""), "staff do not publish");

    // A bad rule comes back naming its field; a good one is saved as version 2.
    let form = |rule: &str| {
        format!(
            "_csrf={csrf}&effective_from=2020-01-01&effective_to=&note=80&rule={}",
            testkit::enc(rule)
        )
    };
    let bad =
        b.t.form(
            &format!("/staff/funds/{id}/rules?lang=en"),
            &staff,
            &form(
                r#"{"criteria":[],"formula":{"kind":"percentage","of":"employees","ratio":8000}}"#,
            ),
        )
        .await;
    let text = bad.text();
    assert!(text.contains("rule.formula.of"), "{text}");
    assert!(text.contains("The draft was not saved"));
    let rule = premiums_rule(80, 1)["rule"].to_string();
    let ok =
        b.t.form(&format!("/staff/funds/{id}/rules"), &staff, &form(&rule))
            .await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.text());

    let sim =
        b.t.page(
            &format!("/staff/funds/{id}/rules/2/simulation?lang=en"),
            &staff,
        )
        .await
        .text();
    for want in [
        "Version 2 (simulated)",
        "¥12,000.00",
        "Version 1 (in effect)",
        "¥9,000.00",
        "Over budget by ¥2,000.00",
        "Enterprises that gain: 2",
        "大连海湾精密制造有限公司",
    ] {
        assert!(sim.contains(want), "lacks {want}: {sim}");
    }
    let sim_zh =
        b.t.page(
            &format!("/staff/funds/{id}/rules/2/simulation?lang=zh-CN"),
            &staff,
        )
        .await
        .text();
    assert!(sim_zh.contains("超出预算 2,000.00 元"));
    assert!(sim_zh.contains("2020 年预算"));

    // The chief publishes from the page.
    let (chief_session, chief_csrf) =
        b.t.browser_login("chief.ft@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page =
        b.t.page(&format!("/staff/funds/{id}"), &chief_session)
            .await
            .text();
    assert!(page.contains(&format!("/staff/funds/{id}/rules/2/publish")));
    let r =
        b.t.form(
            &format!("/staff/funds/{id}/rules/2/publish"),
            &chief_session,
            &format!("_csrf={chief_csrf}"),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303);
    let versions =
        b.t.get(
            &format!("/api/v1/fund-programmes/{id}/rules"),
            Some(&b.staff_ft),
        )
        .await
        .json();
    assert_eq!(versions["items"][0]["status"], "published");
}
