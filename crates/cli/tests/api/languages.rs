//! Interface languages: validation messages follow the caller's language on the API and on
//! pages, with stable codes; counts agree with their number.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use testkit::{PASSWORD, TestApp};

pub(crate) async fn post_in(
    t: &TestApp,
    token: &str,
    lang: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::from(body.to_string()))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = t.send(req).await;
    (r.status, r.json())
}

#[tokio::test]
async fn a_422_speaks_the_callers_language_and_keeps_its_code() {
    let t = TestApp::new().await;
    testkit::bureau::load_districts(&t).await;
    let (_, token) = t.user_with_token("admin@example.cn", "admin", None).await;
    // The last character of this credit code is wrong (F is right).
    let body = json!({"uscc": "91210200MA0QC1234G", "name": "X", "district": "210202", "kinds": ["foreign_trade"]});
    let (zh_status, zh) = post_in(
        &t,
        &token,
        "zh-CN,zh;q=0.9",
        "/api/v1/enterprises",
        body.clone(),
    )
    .await;
    let (en_status, en) = post_in(&t, &token, "en-GB,en;q=0.8", "/api/v1/enterprises", body).await;
    assert_eq!(zh_status, StatusCode::UNPROCESSABLE_ENTITY, "{zh}");
    assert_eq!(en_status, StatusCode::UNPROCESSABLE_ENTITY, "{en}");
    for p in [&zh, &en] {
        assert_eq!(p["code"], "validation_failed");
        assert_eq!(p["errors"][0]["field"], "uscc");
        assert_eq!(p["errors"][0]["code"], "uscc_check_digit");
    }
    assert_eq!(
        zh["errors"][0]["message"],
        "最后一位校验码不符，请检查是否输错。"
    );
    assert_eq!(zh["title"], "部分字段不正确");
    assert_eq!(
        en["errors"][0]["message"],
        "The last character does not match: check the code for a typing error."
    );
    assert_eq!(en["title"], "Some fields are not valid");
    // A language without catalogues gets English, not Chinese.
    let (_, fr) = post_in(&t, &token, "fr", "/api/v1/users", json!({"email": "x"})).await;
    assert_eq!(fr["errors"][0]["code"], "required", "{fr}");
    assert_eq!(
        fr["errors"][0]["message"], "This field is required.",
        "{fr}"
    );
}

#[tokio::test]
async fn a_form_shows_the_message_next_to_the_field_in_the_pages_language() {
    let t = TestApp::new().await;
    t.user("admin@example.cn", "admin", None).await;
    let (session, csrf) = t
        .browser_login("admin@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let body = format!("_csrf={csrf}&email=n%40example.cn&name=N&role=auditor&password=short");
    for (lang, message) in [
        (
            "en",
            "The password is too short: use at least 12 characters.",
        ),
        ("zh-CN", "密码太短，至少 12 个字符。"),
    ] {
        let r = t
            .form(&format!("/staff/users?lang={lang}"), &session, &body)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        assert!(
            page.contains(&format!(
                "<p class=\"field-error\" id=\"err-password\">{message}</p>"
            )),
            "{lang}: {page}"
        );
        assert!(
            !page.contains("password_too_short"),
            "no raw code on the page"
        );
    }
}

#[tokio::test]
async fn counts_on_pages_agree_with_their_number() {
    let t = TestApp::new().await;
    t.user("admin@example.cn", "admin", None).await;
    let (session, _) = t
        .browser_login("admin@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let one = t.page("/staff/users?lang=en", &session).await.text();
    assert!(one.contains("1 account you may see"), "{one}");
    t.user("auditor@example.cn", "auditor", None).await;
    let two = t.page("/staff/users?lang=en", &session).await.text();
    assert!(two.contains("2 accounts you may see"), "{two}");
    let zh = t.page("/staff/users?lang=zh-CN", &session).await.text();
    assert!(zh.contains("您可查看的账户共 2 个"), "{zh}");
}
