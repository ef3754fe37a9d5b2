//! The public pages of measure 2 in the open: a published list in every language with names
//! and amounts only, the objection form (errors next to their fields, then a reference), the
//! chief's page with the objection to decide; and the payment-speed page's median on known
//! data.

use serde_json::json;
use testkit::PASSWORD;
use testkit::bureau::{FIRM_A, FIRM_B, bureau};

use super::ledger::programme;
use super::publicity::approved_three;

#[tokio::test]
async fn the_public_list_takes_objections_in_every_language_and_the_chief_decides_them() {
    let b = bureau().await;
    let (id, _) = approved_three(&b, 5).await;
    let (chief, csrf) =
        b.t.browser_login("chief@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page =
        b.t.page(&format!("/staff/funds/{id}/publicity?lang=zh-CN"), &chief)
            .await
            .text();
    assert!(page.contains("已批准、待公示：3 笔"), "{page}");
    let r =
        b.t.form(
            &format!("/staff/funds/{id}/publicity"),
            &chief,
            &format!("_csrf={csrf}"),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text());
    refused_again_in_the_pages_language(&b, &id, &chief, &csrf).await;
    let list = b.t.get("/api/v1/fund-publicities", None).await.json();
    let publicity = list["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Nobody signed in: no session, so no CSRF token either.
    let (anon, anon_csrf) = (String::new(), "");
    for (lang, want) in [
        ("zh-CN", "2,000.00 元"),
        ("en", "¥2,000.00"),
        ("zh-Hant", "公示中"),
        ("ja", "異議を申し立てる"),
        ("ko", "이의 제기"),
    ] {
        let text =
            b.t.page(&format!("/funds/publicity/{publicity}?lang={lang}"), &anon)
                .await
                .text();
        assert!(text.contains(want), "{lang} lacks {want}: {text}");
        assert!(!text.contains(FIRM_A) && !text.contains(FIRM_B), "no USCC");
        assert!(!text.contains("open-"), "no raw keys in {lang}");
    }
    let url = format!("/funds/publicity/{publicity}/objections?lang=en");
    let bad =
        b.t.form(
            &url,
            &anon,
            &format!("_csrf={anon_csrf}&line=2&name=Wang&contact=nope&text=Not+so"),
        )
        .await;
    assert_eq!(bad.status.as_u16(), 422);
    assert!(bad.text().contains("id=\"err-contact\""), "{}", bad.text());
    let ok =
        b.t.form(
            &url,
            &anon,
            &format!(
                "_csrf={anon_csrf}&line=2&name=Wang&contact=wang%40example.com&text={}",
                testkit::enc("The investment was never made.")
            ),
        )
        .await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.text());
    assert!(ok.text().contains("Your objection was received"));

    let page =
        b.t.page(&format!("/staff/funds/{id}/publicity?lang=en"), &chief)
            .await
            .text();
    assert!(page.contains("The investment was never made."), "{page}");
    assert!(page.contains("wang@example.com"), "staff see the contact");
    let oid = page
        .split(&format!("/staff/funds/{id}/objections/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.form(
            &format!("/staff/funds/{id}/objections/{oid}?lang=en"),
            &chief,
            &format!("_csrf={csrf}&status=dismissed&note="),
        )
        .await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.text().contains(&format!("id=\"err-{oid}-note\"")));
    let r =
        b.t.form(
            &format!("/staff/funds/{id}/objections/{oid}"),
            &chief,
            &format!("_csrf={csrf}&status=dismissed&note=checked"),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.text());
}

#[tokio::test]
async fn the_speed_page_shows_the_median_days_from_application_to_payment() {
    let b = bureau().await;
    let id = programme(&b, "speedy_bonus", 10_000_000).await;
    let sys = app::Ctx::system("test");
    const DAY: i64 = 86_400_000;
    // Paid 2, 4 and 9 days after applying (median 4), and 3 and 4 days (median 3.5) elsewhere.
    for days in [9, 2, 4] {
        let p = super::ledger::queue(&b, &sys, &id, FIRM_A, 1_000).await;
        b.t.raw(&format!(
            "UPDATE fund_payments SET status = 'paid', applied_at = 1600000000000, paid_at = {} WHERE id = '{p}'",
            1_600_000_000_000 + days * DAY
        ))
        .await;
    }
    let other = programme(&b, "slow_award", 10_000_000).await;
    for days in [3, 4] {
        let p = super::ledger::queue(&b, &sys, &other, FIRM_B, 1_000).await;
        b.t.raw(&format!(
            "UPDATE fund_payments SET status = 'paid', applied_at = 1600000000000, paid_at = {} WHERE id = '{p}'",
            1_600_000_000_000 + days * DAY
        ))
        .await;
    }
    let rows = b.t.get("/api/v1/fund-speed", None).await.json();
    let row = |pid: &str| {
        rows["items"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["programme_id"] == json!(pid)).cloned())
            .unwrap_or_default()
    };
    assert_eq!(row(&id)["paid"], 3);
    assert_eq!(row(&id)["median_tenths_of_days"], 40);
    assert_eq!(row(&other)["median_tenths_of_days"], 35);
    let anon = String::new();
    let en = b.t.page("/funds/speed?lang=en", &anon).await.text();
    assert!(en.contains("3 payments") && en.contains("4.0 days"), "{en}");
    assert!(en.contains("3.5 days"), "{en}");
    let zh = b.t.page("/funds/speed?lang=zh-CN", &anon).await.text();
    assert!(zh.contains("3 笔") && zh.contains("4.0 天"), "{zh}");
}

/// Nothing is left to publish: the refusal is in the page's language.
async fn refused_again_in_the_pages_language(
    b: &testkit::bureau::Bureau,
    id: &str,
    chief: &str,
    csrf: &str,
) {
    for (lang, want) in [
        ("zh-CN", "该项目没有待公示的已批准拨付"),
        ("en", "No approved payment of this programme is waiting"),
    ] {
        let again =
            b.t.form(
                &format!("/staff/funds/{id}/publicity?lang={lang}"),
                chief,
                &format!("_csrf={csrf}"),
            )
            .await;
        assert_eq!(again.status.as_u16(), 409, "{}", again.text());
        let text = again.text();
        assert!(text.contains(want), "{lang} lacks {want}: {text}");
        assert!(
            !text.contains("no approved payment of this programme waits"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn the_budget_chart_writes_amounts_as_its_table_does() {
    let b = bureau().await;
    approved_three(&b, 5).await;
    let (chief, _) =
        b.t.browser_login("chief@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let zh =
        b.t.page("/staff/funds/budgets?lang=zh-CN", &chief)
            .await
            .text();
    assert!(zh.contains("<svg") && zh.contains(" 元"), "{zh}");
    assert!(
        !zh.contains('¥'),
        "one way of writing yuan in Chinese: {zh}"
    );
    let en =
        b.t.page("/staff/funds/budgets?lang=en", &chief)
            .await
            .text();
    assert!(en.contains("<svg") && en.contains('¥'), "{en}");
    assert!(!en.contains(" 元"), "{en}");
}
