//! The programme page shows each rule version in words; the division drafts on it (a bad rule
//! is shown back naming its field), its chief publishes, and the simulation page shows the
//! cost against the budget, in Chinese and English.

use testkit::PASSWORD;
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

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

    draft_through_the_form(&b, &id, &staff, &csrf, &page).await;

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

/// The form starts from the newest version (in words and yuan, not JSON); a bad rule comes
/// back with the error next to its field; a good one is saved as version 2, the same rule the
/// JSON API would store, and its simulation is shown.
async fn draft_through_the_form(b: &Bureau, id: &str, staff: &str, csrf: &str, page: &str) {
    // The form starts from the newest version, in words and yuan, not JSON.
    for want in [
        "name=\"c0_kind\"",
        "value=\"foreign_invested\" checked",
        "name=\"f_ratio\" value=\"60\"",
        "name=\"c1_threshold\" value=\"0.01\"",
    ] {
        assert!(page.contains(want), "lacks {want}");
    }
    assert!(!page.contains("<textarea"), "no JSON to type");

    // A bad rule comes back with the error next to its field; a good one is saved as
    // version 2 and its simulation shown.
    let form = |ratio: &str, of: &str| {
        format!(
            "_csrf={csrf}&effective_from=2020-01-01&effective_to=&note=80&action=save\
             &c0_kind=enterprise_kind&c0_chosen=foreign_invested&c1_kind=at_least\
             &c1_figure=premiums_paid&c1_threshold=0.01&c2_kind=\
             &f_kind=percentage&f_of={of}&f_ratio={}&f_cap=",
            testkit::enc(ratio)
        )
    };
    let bad =
        b.t.form(
            &format!("/staff/funds/{id}/rules?lang=en"),
            staff,
            &form("80", "employees"),
        )
        .await;
    assert_eq!(bad.status.as_u16(), 422);
    let text = bad.text();
    assert!(text.contains("id=\"err-f_of\""), "{text}");
    assert!(text.contains("The draft was not saved"));
    let bad =
        b.t.form(
            &format!("/staff/funds/{id}/rules?lang=zh-CN"),
            staff,
            &form("8x", "premiums_paid"),
        )
        .await;
    let text = bad.text();
    assert!(
        text.contains("<p class=\"field-error\" id=\"err-f_ratio\">请填写百分比"),
        "{text}"
    );
    let ok =
        b.t.form(
            &format!("/staff/funds/{id}/rules"),
            staff,
            &form("80%", "premiums_paid"),
        )
        .await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.text());
    assert_eq!(
        ok.header("location"),
        Some(format!("/staff/funds/{id}/rules/2/simulation").as_str())
    );
    let saved =
        b.t.get(
            &format!("/api/v1/fund-programmes/{id}/rules"),
            Some(&b.staff_ft),
        )
        .await
        .json();
    let mut want = premiums_rule(80, 1)["rule"].clone();
    want["formula"]["cap"] = serde_json::Value::Null;
    assert_eq!(
        saved["items"][0]["rule"], want,
        "the form saved the same rule as the JSON"
    );
}

/// Investor countries are named, not coded, in the rule's words and in the form's choices.
#[tokio::test]
async fn investor_countries_are_shown_by_name() {
    let b = bureau().await;
    let id = published(&b).await;
    let mut body = premiums_rule(60, 1);
    body["rule"]["criteria"] = serde_json::json!([
        {"kind": "investor_country", "any_of": ["JP", "KR", "ZZ"]}
    ]);
    super::rules::draft(&b, &id, body).await;
    let (staff, _) =
        b.t.browser_login("ft@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let zh =
        b.t.page(&format!("/staff/funds/{id}?lang=zh-CN"), &staff)
            .await
            .text();
    assert!(zh.contains("日本, 韩国, ZZ"), "{zh}");
    assert!(
        zh.contains("value=\"JP\" checked> 日本"),
        "the form ticks it by name"
    );
    assert!(
        zh.contains("value=\"GB\"> 英国"),
        "and offers the others by name"
    );
    let en =
        b.t.page(&format!("/staff/funds/{id}?lang=en"), &staff)
            .await
            .text();
    assert!(en.contains("Japan, Republic of Korea, ZZ"), "{en}");
}
