//! Staff group robots: a division's chief (or an admin) sets its robot, shown masked; the
//! division-level events (routed, escalated) are posted to it in zh-CN without raw codes, as a
//! queued `notify_robot` job; a robot that cannot be reached is retried and shows in the jobs.

use app::jobs::worker;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::HttpReceiver;
use testkit::bureau::{Bureau, FIRM_A, bureau, open_case};

async fn drain(b: &Bureau) {
    for _ in 0..20 {
        let n = worker::run_once(&b.t.app, "test-worker")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if n == 0 {
            return;
        }
    }
}

async fn put_robot(b: &Bureau, token: &str, code: &str, body: Value) -> testkit::Res {
    b.t.call(
        Method::PUT,
        &format!("/api/v1/divisions/{code}/robot"),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_chief_sets_the_robot_of_their_division_only_and_sees_it_masked() {
    let b = bureau().await;
    let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key-9876";
    let r = put_robot(
        &b,
        &b.chief_ip3,
        "IP3",
        json!({"url": url, "format": "wecom"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["configured"], true);
    assert_eq!(v["url_masked"], "https://qyapi.weixin.qq.com/…9876");
    assert!(!r.text().contains("secret-key"), "{}", r.text());
    let got =
        b.t.get("/api/v1/divisions/ip3/robot", Some(&b.chief_ip3))
            .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text());
    assert_eq!(got.json()["format"], "wecom");
    assert!(!got.text().contains("secret-key"));

    // Another division's robot is not the chief's; staff may not see robots at all.
    let r = put_robot(&b, &b.chief_ip3, "FT", json!({"url": url})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r =
        b.t.get("/api/v1/divisions/IP3/robot", Some(&b.staff_ip3))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r =
        b.t.get("/api/v1/divisions/IP3/robot", Some(&b.firm_a))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // An admin sets any division's.
    let r = put_robot(&b, &b.admin, "FT", json!({"url": url, "format": "json"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["division"], "FT");

    // Invalid: a problem naming the field.
    let r = put_robot(
        &b,
        &b.chief_ip3,
        "IP3",
        json!({"url": "ftp://x/y", "format": "xml"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let t = r.text();
    assert!(t.contains("\"url\"") && t.contains("\"format\""), "{t}");

    // Null removes it.
    let r = put_robot(&b, &b.chief_ip3, "IP3", json!({"url": null})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["configured"], false);
}

#[tokio::test]
async fn routed_and_escalated_cases_are_posted_to_the_division_robot_in_chinese() {
    let b = bureau().await;
    let wecom = HttpReceiver::start().await;
    let other = HttpReceiver::start().await;
    let r = put_robot(
        &b,
        &b.chief_ip3,
        "IP3",
        json!({"url": wecom.url, "format": "wecom"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = put_robot(
        &b,
        &b.admin,
        "FT",
        json!({"url": other.url, "format": "json"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    assert_eq!(c["division"], "IP3");
    drain(&b).await;
    let got = wecom.json();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["msgtype"], "text");
    let text = got[0]["text"]["content"].as_str().unwrap_or_default();
    assert!(text.starts_with("新案件分派至"), "{text}");
    assert!(text.contains("大连海湾精密制造有限公司"), "{text}");
    assert!(text.contains("原材料断供"), "{text}");
    assert!(
        !text.contains("IP3") && !text.contains("case_routed"),
        "{text}"
    );
    assert!(
        other.json().is_empty(),
        "FT's robot hears nothing of IP3's case"
    );

    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/escalate"),
            Some(&b.chief_ip3),
            json!({"reason": "涉及多家企业"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    drain(&b).await;
    let got = wecom.json();
    assert_eq!(got.len(), 2, "{got:?}");
    let text = got[1]["text"]["content"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("案件已升级为重大事项：原材料断供"),
        "{text}"
    );

    // Moved to Foreign Trade: FT's robot (JSON format) is told.
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/reassign"),
            Some(&b.chief_ip3),
            json!({"division": "FT", "reason": "属外贸业务"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    drain(&b).await;
    let got = other.json();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["type"], "notice");
    assert_eq!(got[0]["case_id"], c["id"]);
    let text = got[0]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("新案件分派至"), "{text}");
    assert!(!text.contains("FT"), "{text}");
}

#[tokio::test]
async fn an_unreachable_robot_is_retried_and_shows_in_the_jobs_without_its_key() {
    let b = bureau().await;
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        l.local_addr().map(|a| a.port()).unwrap_or(9)
    };
    let url = format!("http://127.0.0.1:{port}/send?key=secret-key-1234");
    let r = put_robot(
        &b,
        &b.chief_ip3,
        "IP3",
        json!({"url": url, "format": "wecom"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    open_case(&b, &b.firm_a, FIRM_A).await;
    drain(&b).await;
    let jobs = b.t.get("/api/v1/jobs", Some(&b.admin)).await.json();
    let robot: Vec<&Value> = jobs["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|j| j["kind"] == "notify_robot")
        .collect();
    assert_eq!(robot.len(), 1, "{jobs}");
    assert_eq!(robot[0]["attempts"], 1, "{jobs}");
    let err = robot[0]["last_error"].as_str().unwrap_or_default();
    assert!(err.contains("could not reach the webhook"), "{jobs}");
    assert!(!err.contains("secret-key"), "{err}");

    // The staff jobs page lists it by name, not by code.
    let (session, _) =
        b.t.browser_login("admin@example.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = b.t.page("/staff/jobs?lang=zh-CN", &session).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("处室工作群机器人通知"),
        "{}",
        page.text()
    );
}
