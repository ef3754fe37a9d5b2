//! The five interface languages on pages: the public site and the portal read in the
//! language the browser asks for (zh-CN, en, zh-Hant, ja, ko), any other language in English;
//! staff pages only in zh-CN and en. Text a person typed keeps its line breaks and stays
//! escaped.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use testkit::bureau::{FIRM_A, bureau, open_case};
use testkit::{PASSWORD, Res, TestApp};

/// A page as a browser asking for `accept` languages sees it, signed in with `session`.
async fn page_in(t: &TestApp, path: &str, session: Option<&str>, accept: &str) -> Res {
    let mut req = Request::builder()
        .uri(path)
        .header(header::ACCEPT_LANGUAGE, accept);
    if let Some(s) = session {
        req = req.header(
            header::COOKIE,
            format!("{}={s}", web::guard::SESSION_COOKIE),
        );
    }
    t.send(req.body(Body::empty()).unwrap_or_else(|e| panic!("{e}")))
        .await
}

async fn session(t: &TestApp, email: &str) -> String {
    t.browser_login(email, PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()))
        .0
}

fn lang_of(page: &str) -> &str {
    page.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
}

#[tokio::test]
async fn the_portal_and_ask_read_in_the_browsers_language_and_english_for_any_other() {
    let b = bureau().await;
    let firm = session(&b.t, "a@firm.cn").await;
    for (accept, lang, portal_text, ask_text) in [
        (
            "ja-JP,ja;q=0.9,en;q=0.8",
            "ja",
            "困りごとを届け出る",
            "質問を送信する",
        ),
        (
            "de-DE,de;q=0.9",
            "en",
            "Tell us about a difficulty",
            "Send the question",
        ),
        ("zh-HK,zh;q=0.9", "zh-Hant", "反映困難", "送出問題"),
        ("ko-KR,ko;q=0.9", "ko", "애로 사항 신고", "문의 보내기"),
        ("zh-CN,zh;q=0.9", "zh-CN", "反映困难", "提交问题"),
        (
            "en-GB;q=0.5, ja;q=0.9",
            "ja",
            "困りごとを届け出る",
            "質問を送信する",
        ),
    ] {
        let portal = page_in(&b.t, "/portal", Some(&firm), accept).await;
        assert_eq!(portal.status, StatusCode::OK);
        let portal = portal.text();
        assert_eq!(lang_of(&portal), lang, "{accept}");
        assert!(portal.contains(portal_text), "{accept}: {portal}");
        let ask = page_in(&b.t, "/ask", None, accept).await.text();
        assert_eq!(lang_of(&ask), lang, "{accept}");
        assert!(ask.contains(ask_text), "{accept}: {ask}");
        // The picker offers all five languages, each in its own name.
        for name in ["简体中文", "English", "繁體中文", "日本語", "한국어"] {
            assert!(ask.contains(&format!(">{name}</")), "{accept}: {name}");
        }
    }
    // The measures are written in zh-CN and en only: Japanese readers are told they read English.
    let home = page_in(&b.t, "/", None, "ja").await.text();
    assert!(home.contains("十項目の措置"), "{home}");
    assert!(
        home.contains("以下の措置の説明はEnglishで表示しています。"),
        "{home}"
    );
}

#[tokio::test]
async fn staff_pages_asked_for_in_japanese_or_traditional_chinese_stand_in() {
    let b = bureau().await;
    let staff = session(&b.t, "ip3@example.cn").await;
    let board = page_in(&b.t, "/staff", Some(&staff), "ja,en;q=0.5")
        .await
        .text();
    assert_eq!(lang_of(&board), "en");
    assert!(board.contains(">English</"), "{board}");
    assert!(
        !board.contains("日本語"),
        "staff pages do not offer Japanese"
    );
    let board = page_in(&b.t, "/staff", Some(&staff), "ja, zh-CN;q=0.3")
        .await
        .text();
    assert_eq!(
        lang_of(&board),
        "zh-CN",
        "a later preference staff pages have wins"
    );
    let board = page_in(&b.t, "/staff", Some(&staff), "zh-TW").await.text();
    assert_eq!(lang_of(&board), "zh-CN");
    let account = page_in(&b.t, "/account", Some(&staff), "ko").await.text();
    assert_eq!(
        lang_of(&account),
        "en",
        "a staff member's account page is a staff page"
    );

    // Japanese picked on a staff page: the page stands in, the choice is remembered.
    let r = b.t.page("/staff?lang=ja", &staff).await;
    assert_eq!(lang_of(&r.text()), "en");
    assert_eq!(r.cookie("ll_lang").as_deref(), Some("ja"));
    let ask = page_in(&b.t, "/ask", None, "en").await.text();
    assert_eq!(lang_of(&ask), "en");
    let req = Request::builder()
        .uri("/ask")
        .header(header::COOKIE, "ll_lang=ja")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lang_of(&b.t.send(req).await.text()), "ja");
}

#[tokio::test]
async fn api_problems_follow_the_same_negotiation() {
    let t = TestApp::new().await;
    let (_, token) = t.user_with_token("admin@example.cn", "admin", None).await;
    for (accept, title, message) in [
        ("ja", "正しくない項目があります", "この項目は必須です。"),
        ("ko-KR", "올바르지 않은 항목이 있습니다", "필수 항목입니다."),
        ("zh-TW", "部分欄位不正確", "此欄位為必填。"),
        (
            "de, fr;q=0.5",
            "Some fields are not valid",
            "This field is required.",
        ),
    ] {
        let req = Request::builder()
            .method("POST")
            .uri("/api/v1/users")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, accept)
            .body(Body::from(json!({"email": "x"}).to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        let r = t.send(req).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = r.json();
        assert_eq!(p["title"], title, "{accept}: {p}");
        assert_eq!(p["errors"][0]["code"], "required", "{accept}");
        assert_eq!(p["errors"][0]["message"], message, "{accept}: {p}");
    }
}

#[tokio::test]
async fn typed_text_keeps_its_lines_and_stays_escaped() {
    let b = bureau().await;
    let id = open_case(&b, &b.firm_a, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = b
        .t
        .post(&format!("/api/v1/cases/{id}/records"), Some(&b.staff_ip3), json!({"kind": "reply_to_enterprise", "content": "第一步：备货\r\n<script>alert(1)</script>\n第三步：发货"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let body = "Line one\n<img src=x onerror=alert(2)>\nLine & three";
    let r = b
        .t
        .post("/api/v1/cases", Some(&b.firm_a), json!({"kind": "difficulty", "enterprise": FIRM_A, "subject": "Two lines", "body": body, "category": "logistics", "channel": "portal"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let second = r.json()["id"].as_str().unwrap_or_default().to_owned();

    let firm = session(&b.t, "a@firm.cn").await;
    let staff = session(&b.t, "ip3@example.cn").await;
    let record = "第一步：备货<br>\n&lt;script&gt;alert(1)&lt;&#x2f;script&gt;<br>\n第三步：发货";
    let description = "Line one<br>\n&lt;img src=x onerror=alert(2)&gt;<br>\nLine &amp; three";
    for (path, session, shown) in [
        (format!("/portal/cases/{id}"), &firm, record),
        (format!("/staff/cases/{id}"), &staff, record),
        (format!("/portal/cases/{second}"), &firm, description),
    ] {
        let r = b.t.page(&path, session).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let page = r.text();
        assert!(page.contains(shown), "{path}: {page}");
        // The picker stays on the page being read.
        let links = page.replace("&#x2f;", "/");
        assert!(
            links.contains(&format!("href=\"{path}?lang=en\"")),
            "{path}"
        );
        assert!(!page.contains("<script>alert"), "{path}");
        assert!(!page.contains("<img src=x"), "{path}");
    }
}

/// The FAQ is written in zh-CN, en, ja and ko: a traditional Chinese reader gets the
/// simplified Chinese answers, a reader of any other language the English ones, on /faq and
/// in the suggestions /ask makes while a question is typed.
#[tokio::test]
async fn the_faq_opens_in_the_nearest_language_it_is_written_in() {
    let t = TestApp::new().await;
    for (accept, faq_lang) in [("zh-HK", "zh-CN"), ("ko", "ko"), ("de", "en"), ("ja", "ja")] {
        let r = page_in(&t, "/faq", None, accept).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{accept}");
        assert_eq!(
            r.header("location"),
            Some(format!("/faq/{faq_lang}").as_str())
        );
        let ask = page_in(&t, "/ask", None, accept).await.text();
        assert!(
            ask.contains(&format!("data-lang=\"{faq_lang}\"")),
            "{accept}"
        );
        let faq = page_in(&t, &format!("/faq/{faq_lang}"), None, accept).await;
        assert_eq!(faq.status, StatusCode::OK, "{accept}");
    }
}
