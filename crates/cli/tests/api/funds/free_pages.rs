//! The apply-free pages: the portal lists the enterprise's entitlement in its language with the
//! money as the language writes it, shows it explained, and confirms the account from the
//! form (a bad number named, nothing confirmed); another enterprise's is not found; the staff
//! page shows the run in words, in Chinese and English.

use axum::http::StatusCode;
use testkit::PASSWORD;
use testkit::bureau::{FIRM_A, bureau};

use super::free::{figure, oiec, run, training};

#[tokio::test]
async fn the_portal_explains_and_confirms_an_entitlement_and_staff_see_the_run() {
    let b = bureau().await;
    let (staff, chief) = oiec(&b).await;
    let id = training(&b, &staff, &chief).await;
    figure(&b, &staff, FIRM_A, "training_charges", 123_456).await;
    run(&b, &id, &staff).await;
    let mine =
        b.t.get("/api/v1/fund-entitlements", Some(&b.firm_a))
            .await
            .json();
    let eid = mine["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let (firm, csrf) =
        b.t.browser_login("a@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let ja = b.t.page("/portal/entitlements?lang=ja", &firm).await.text();
    assert!(
        ja.contains("申請不要の支給") && ja.contains("1,234.56 元"),
        "{ja}"
    );
    assert!(ja.contains("口座の確認待ち"), "the status in words");
    let page = format!("/portal/entitlements/{eid}");
    let en = b.t.page(&format!("{page}?lang=en"), &firm).await.text();
    assert!(
        en.contains("How the amount was reached") && en.contains("invoiced in full"),
        "{en}"
    );
    assert!(
        !en.contains("offered") && !en.contains("pending_approval"),
        "no raw codes"
    );

    let bad =
        format!("_csrf={csrf}&bank_name=BOC&account_name=x&account_number=12ab&confirm_name=on");
    let r =
        b.t.form(&format!("{page}/confirm?lang=en"), &firm, &bad)
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("err-bank_account-account_number")
            || r.text().contains("id=\"err-bank_account.account_number\""),
        "{}",
        r.text()
    );
    let good = format!(
        "_csrf={csrf}&bank_name=BOC&account_name=x&account_number=62166102000165&confirm_name=on"
    );
    let r = b.t.form(&format!("{page}/confirm"), &firm, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let en = b.t.page(&format!("{page}?lang=en"), &firm).await.text();
    assert!(en.contains("Approved, to be paid"), "{en}");

    // Another enterprise: not found.
    let (other, _) =
        b.t.browser_login("b@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(b.t.page(&page, &other).await.status, StatusCode::NOT_FOUND);

    // Staff: the run in words, both languages.
    let (s, _) =
        b.t.browser_login("oiec@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let zh =
        b.t.page(&format!("/staff/funds/{id}/free?lang=zh-CN"), &s)
            .await
            .text();
    assert!(
        zh.contains("免申即享运行") && zh.contains("1,234.56 元") && zh.contains("已完成"),
        "{zh}"
    );
    let en =
        b.t.page(&format!("/staff/funds/{id}/free?lang=en"), &s)
            .await
            .text();
    assert!(
        en.contains("Apply-free runs") && en.contains("Done") && !en.contains(">done<"),
        "{en}"
    );
}
