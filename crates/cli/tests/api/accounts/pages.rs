//! The sign-up pages (public, in the browser's language) and the district official's queue.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use testkit::bureau::FIRM_A;
use testkit::{Res, TestApp, enc};

use super::{FIRM_C, PASSWORD, code_mailed, register_firm_c, with_sink};

async fn post_form(t: &TestApp, path: &str, body: &str, lang: &str) -> Res {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::from(body.to_owned()))
        .unwrap_or_else(|e| panic!("{e}"));
    t.send(req).await
}

async fn get_in(t: &TestApp, path: &str, lang: &str) -> Res {
    let req = Request::builder()
        .uri(path)
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    t.send(req).await
}

#[tokio::test]
async fn an_enterprise_signs_up_and_confirms_in_the_browser() {
    let (b, sink) = with_sink().await;
    register_firm_c(&b).await;
    let form = get_in(&b.t, "/signup", "ja").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("企業アカウントの登録"));
    // A bad field is shown next to the form, in the reader's language.
    let bad = post_form(
        &b.t,
        "/signup",
        "uscc=123&contact_name=x&mobile=1&email=x&password=x",
        "ja",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("統一社会信用コード"), "{}", bad.text());
    let body = format!(
        "uscc={FIRM_C}&contact_name={}&mobile=13900005678&email={}&password={}",
        enc("山田太郎"),
        enc("yamada@firm-c.cn"),
        enc(PASSWORD)
    );
    let r = post_form(&b.t, "/signup", &body, "ja").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let at = r.header("location").unwrap_or_default().to_owned();
    let page = get_in(&b.t, &at, "ja").await.text();
    assert!(page.contains("r***@firm-c.cn"), "{page}");
    assert!(page.contains("autocomplete=\"one-time-code\""));
    let code = code_mailed(&b, &sink, "registry@firm-c.cn").await;
    let wrong = post_form(&b.t, &format!("{at}/confirm"), "code=99999x", "ja").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("送信したコードと一致しません"));
    let ok = post_form(
        &b.t,
        &format!("{at}/confirm"),
        &format!("code={code}"),
        "ja",
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = get_in(&b.t, &at, "ja").await.text();
    assert!(page.contains("アカウントが開設されました"), "{page}");
    assert!(
        b.t.browser_login("yamada@firm-c.cn", PASSWORD)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_district_official_approves_on_the_queue_page() {
    let (b, _sink) = with_sink().await;
    let body = format!(
        "uscc={FIRM_A}&contact_name={}&mobile=13900005678&email={}&password={}",
        enc("张经理"),
        enc("zhang@firm-a.cn"),
        enc(PASSWORD)
    );
    let r = post_form(&b.t, "/signup", &body, "zh-CN").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (session, csrf) =
        b.t.browser_login("official@example.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page("/staff/signups", &session).await.text();
    assert!(page.contains("zhang@firm-a.cn"), "{page}");
    let id = page
        .split("action=\"/staff/signups/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.form(
            &format!("/staff/signups/{id}"),
            &session,
            &format!("_csrf={csrf}&action=approve"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(b.t.browser_login("zhang@firm-a.cn", PASSWORD).await.is_ok());
    let page = b.t.page("/staff/signups", &session).await.text();
    assert!(!page.contains("zhang@firm-a.cn"));
}
