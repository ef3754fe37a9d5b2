//! Measure 3: messaging-group intake with signed webhooks, replies through the outbox to a
//! local webhook receiver, SLA clocks on the bureau's calendar, and the SLA report.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use testkit::{Res, TestApp};

use crate::measure1::{Bureau, FIRM_A, bureau};

/// The Spring Festival of 2020 as the State Council extended it, and its make-up Sunday.
pub(crate) const CALENDAR_2020: &str = "date,type,name\n2020-01-01,holiday,元旦\n2020-01-19,workday,春节调休\n2020-01-24,holiday,春节\n2020-01-27,holiday,春节\n2020-01-28,holiday,春节\n2020-01-29,holiday,春节\n2020-01-30,holiday,春节（延长）\n2020-01-31,holiday,春节（延长）\n";

fn local(s: &str) -> i64 {
    domain::calendar::parse_local_datetime(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(crate) async fn hook(t: &TestApp, group: &str, body: &[u8], signature: Option<&str>) -> Res {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(format!("/hooks/messaging/{group}"))
        .header("content-type", "application/json");
    if let Some(s) = signature {
        b = b.header("x-lifeline-signature", s);
    }
    t.send(
        b.body(Body::from(body.to_vec()))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .await
}

pub(crate) async fn signed(t: &TestApp, group: &str, secret: &str, msg: &Value) -> Res {
    let body = msg.to_string();
    let sig = app::consulting::sign(secret, body.as_bytes());
    hook(t, group, body.as_bytes(), Some(&sig)).await
}

/// A local webhook receiver: records every body, answers with the statuses given in turn
/// (then 200 with the WeCom success body).
pub(crate) async fn receiver(statuses: Vec<u16>) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(statuses));
    let (s2, sc2) = (seen.clone(), script.clone());
    let app = axum::Router::new().route(
        "/robot",
        axum::routing::post(move |body: String| {
            let (seen, script) = (s2.clone(), sc2.clone());
            async move {
                seen.lock().map(|mut v| v.push(body)).ok();
                let status = script
                    .lock()
                    .ok()
                    .and_then(|mut s| (!s.is_empty()).then(|| s.remove(0)))
                    .unwrap_or(200);
                (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    r#"{"errcode":0,"errmsg":"ok"}"#,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    (format!("http://{addr}/robot"), seen)
}

/// Registers Zhongshan District's WeCom group with its robot at `url`: (id, secret).
pub(crate) async fn group(b: &Bureau, url: &str) -> (String, String) {
    let r =
        b.t.post(
            "/api/v1/messaging-groups",
            Some(&b.admin),
            json!({"platform": "wecom", "name": "中山区外资企业服务群", "district": "210202", "webhook_url": url, "staff": ["ip3@example.cn"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let g = r.json();
    assert!(
        b.t.get("/api/v1/messaging-groups", Some(&b.admin))
            .await
            .text()
            .find(g["secret"].as_str().unwrap_or("?"))
            .is_none(),
        "the secret is shown once, at registration"
    );
    (
        g["id"].as_str().unwrap_or_default().to_owned(),
        g["secret"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn case_count(b: &Bureau) -> i64 {
    b.t.get("/api/v1/cases", Some(&b.admin)).await.json()["total"]
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test]
async fn intake_refuses_bad_messages_and_stores_nothing() {
    let b = bureau().await;
    let (gid, secret) = group(&b, "http://127.0.0.1:9/robot").await;
    let msg = json!({"message_id": "m1", "sender": {"id": "wx_zhang", "name": "张经理"}, "text": "出口信用保险补贴怎么申请？"});
    let body = msg.to_string();
    let good = app::consulting::sign(&secret, body.as_bytes());

    assert_eq!(
        hook(&b.t, &gid, body.as_bytes(), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let forged = app::consulting::sign("not the secret", body.as_bytes());
    let r = hook(&b.t, &gid, body.as_bytes(), Some(&forged)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "bad_signature");
    // A signature over another body does not carry over.
    let tampered = body.replace("补贴", "补助");
    assert_eq!(
        hook(&b.t, &gid, tampered.as_bytes(), Some(&good))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let unknown = "0191d5a8-0000-7000-8000-000000000000";
    assert_eq!(
        hook(&b.t, unknown, body.as_bytes(), Some(&good))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        hook(&b.t, "not-a-group", body.as_bytes(), Some(&good))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let broken = b"{\"message_id\": \"m2\", ";
    let sig = app::consulting::sign(&secret, broken);
    let r = hook(&b.t, &gid, broken, Some(&sig)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "malformed_json");
    let huge =
        json!({"message_id": "m3", "sender": {"id": "x"}, "text": "字".repeat(40_000)}).to_string();
    let sig = app::consulting::sign(&secret, huge.as_bytes());
    assert_eq!(
        hook(&b.t, &gid, huge.as_bytes(), Some(&sig)).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let empty = json!({"message_id": "m4", "sender": {"id": "x"}, "text": "  "});
    let r = signed(&b.t, &gid, &secret, &empty).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "text");

    assert_eq!(case_count(&b).await, 0, "nothing was stored");
    // The good message, at last, is taken.
    assert_eq!(
        hook(&b.t, &gid, body.as_bytes(), Some(&good)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(case_count(&b).await, 1);
}

#[tokio::test]
async fn a_signed_question_is_routed_by_topic_and_a_repeat_is_stored_once() {
    let b = bureau().await;
    let (gid, secret) = group(&b, "http://127.0.0.1:9/robot").await;
    let first = json!({"message_id": "wx-001", "sender": {"id": "wx_zhang", "name": "张经理"}, "text": "请问出口信用保险的保费补贴怎么申请？", "enterprise": FIRM_A});
    let r = signed(&b.t, &gid, &secret, &first).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let opened = r.json();
    assert_eq!(opened["outcome"], "opened");
    // Measure 2's export-credit-insurance item belongs to the Foreign Trade Division.
    assert_eq!(opened["division"], "FT");
    let id = opened["case_id"].as_str().unwrap_or_default().to_owned();

    let again = signed(&b.t, &gid, &secret, &first).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["outcome"], "duplicate");
    assert_eq!(again.json()["case_id"], id.as_str());

    let follow = json!({"message_id": "wx-002", "sender": {"id": "wx_zhang", "name": "张经理"}, "text": "补充：我们是中小企业。"});
    let r = signed(&b.t, &gid, &secret, &follow).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["outcome"], "appended");
    assert_eq!(r.json()["case_id"], id.as_str());

    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(c["kind"], "inquiry");
    assert_eq!(c["measure"], 3);
    assert_eq!(c["topic"], 2);
    assert_eq!(c["channel"], "messaging_group");
    let timeline = c["timeline"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        timeline.len(),
        2,
        "the opening and one appended message: {timeline:?}"
    );
    assert!(
        timeline[1]["content"]
            .as_str()
            .unwrap_or("")
            .contains("中小企业")
    );
    assert_eq!(case_count(&b).await, 1);

    // A question with no measure's words stays with measure 3's division.
    let plain =
        json!({"message_id": "wx-003", "sender": {"id": "wx_li"}, "text": "请问你们几点下班？"});
    let r = signed(&b.t, &gid, &secret, &plain).await;
    assert_eq!(r.json()["division"], "IP3", "{}", r.text());
}

#[tokio::test]
async fn a_reply_reaches_the_group_robot_after_a_retry() {
    let b = bureau().await;
    let (url, seen) = receiver(vec![500]).await;
    let (gid, secret) = group(&b, &url).await;
    let msg = json!({"message_id": "wx-9", "sender": {"id": "wx_zhang", "name": "张经理"}, "text": "出口信用保险补贴怎么申请？"});
    let id = signed(&b.t, &gid, &secret, &msg).await.json()["case_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.staff_ft),
            json!({"kind": "reply_to_enterprise", "content": "请登录商务局网站下载申请表，3月15日前提交。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // An internal note never leaves the bureau.
    b.t.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&b.staff_ft),
        json!({"kind": "internal_note", "content": "内部备注"}),
    )
    .await;

    let client = app::consulting::outbox::client();
    assert_eq!(
        app::consulting::outbox::run_once(&b.t.app, &client)
            .await
            .unwrap_or(0),
        1
    );
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(c["deliveries"][0]["state"], "pending");
    assert_eq!(c["deliveries"][0]["attempts"], 1);
    assert!(
        c["deliveries"][0]["last_error"]
            .as_str()
            .unwrap_or("")
            .contains("500")
    );
    // Not due again until the back-off has passed.
    assert_eq!(
        app::consulting::outbox::run_once(&b.t.app, &client)
            .await
            .unwrap_or(9),
        0
    );
    b.t.clock.advance_minutes(1);
    assert_eq!(
        app::consulting::outbox::run_once(&b.t.app, &client)
            .await
            .unwrap_or(0),
        1
    );
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(c["deliveries"][0]["state"], "sent", "{c}");
    assert_eq!(c["deliveries"].as_array().map(Vec::len), Some(1));

    let bodies = seen.lock().map(|v| v.clone()).unwrap_or_default();
    assert_eq!(bodies.len(), 2, "one failed try and one delivery");
    let sent: Value = serde_json::from_str(&bodies[1]).unwrap_or_default();
    assert_eq!(sent["msgtype"], "text");
    let content = sent["text"]["content"].as_str().unwrap_or("");
    assert!(
        content.contains("3月15日前提交") && content.starts_with("@张经理"),
        "{content}"
    );
    assert!(!bodies.iter().any(|b| b.contains("内部备注")));
}

#[tokio::test]
async fn sla_due_times_follow_the_bureau_calendar_and_pause_while_waiting() {
    let b = bureau().await;
    let r =
        b.t.call(Method::PUT, "/api/v1/calendar", Some(&b.admin), None)
            .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an empty calendar file is refused"
    );
    let put = |text: &'static str| {
        let t = &b.t;
        let token = b.admin.clone();
        async move {
            t.send(
                Request::builder()
                    .method(Method::PUT)
                    .uri("/api/v1/calendar")
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "text/csv")
                    .body(Body::from(text))
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await
        }
    };
    let bad = put("date,type,name\n2020-02-30,holiday,x\n2020-03-01,party,y\n").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = bad.text();
    assert!(
        text.contains("line 2")
            && text.contains("2020-02-30")
            && text.contains("line 3")
            && text.contains("party"),
        "{text}"
    );
    let ok = put(CALENDAR_2020).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["changed"], 8);

    // Thursday 23 January 2020, 16:30: an hour of the working day is left; then the weekend,
    // the Spring Festival holiday (extended to 2 February), and Monday 3 February.
    b.t.clock.set_ms(local("2020-01-23 16:30"));
    let c =
        b.t.post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "inquiry", "subject": "口罩出口", "body": "口罩出口需要什么资质？", "channel": "hotline", "contact_name": "刘女士", "contact": "+8613800000000"}))
            .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.text());
    let id = c.json()["id"].as_str().unwrap_or_default().to_owned();
    let staff = if c.json()["division"] == "IP3" {
        b.staff_ip3.clone()
    } else {
        b.admin.clone()
    };
    let sla =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&staff))
            .await
            .json()["sla"]
            .clone();
    // First response within 240 working minutes: 60 on Thursday, 180 on Monday morning.
    assert_eq!(
        sla["first_response"]["due_at"],
        local("2020-02-03 12:00"),
        "{sla}"
    );
    assert_eq!(sla["first_response"]["state"], "running");
    // Two working days (840 minutes) to resolve: 60 + 420 + 360 → Tuesday 16:30.
    assert_eq!(
        sla["resolution"]["due_at"],
        local("2020-02-04 16:30"),
        "{sla}"
    );

    // Monday 3 February 10:00 staff answer and wait on the enterprise until Wednesday 09:00.
    b.t.clock.set_ms(local("2020-02-03 10:00"));
    for s in ["in_progress", "waiting_on_enterprise"] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/status"),
                Some(&b.admin),
                json!({"status": s}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    b.t.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&b.admin),
        json!({"kind": "call", "content": "已回电，请企业补充合同"}),
    )
    .await;
    let sla =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json()["sla"]
            .clone();
    assert_eq!(sla["first_response"]["state"], "met");
    assert_eq!(sla["resolution"]["state"], "paused");
    b.t.clock.set_ms(local("2020-02-05 09:00"));
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.admin),
            json!({"status": "in_progress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let sla =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json()["sla"]
            .clone();
    // 60 (Thu) + 60 (Mon 9–10) used before the pause; 720 left from Wednesday 09:00:
    // 180 + 240 on Wednesday, then 300 on Thursday → 15:30.
    assert_eq!(sla["resolution"]["used_minutes"], 120, "{sla}");
    assert_eq!(
        sla["resolution"]["due_at"],
        local("2020-02-06 15:30"),
        "{sla}"
    );
}

#[tokio::test]
async fn the_sla_report_equals_a_recount_of_its_cases() {
    let b = bureau().await;
    b.t.clock.set_ms(local("2020-02-10 09:00"));
    let mut ids = Vec::new();
    for (i, (channel, fast)) in [
        ("hotline", false),
        ("web", true),
        ("hotline", false),
        ("portal", false),
        ("web", false),
    ]
    .iter()
    .enumerate()
    {
        let r = b.t.post("/api/v1/cases", Some(&b.admin), json!({"kind": "inquiry", "subject": format!("问题 {i}"), "body": "请问政策细则", "channel": channel, "fast": fast})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(r.json()["id"].as_str().unwrap_or_default().to_owned());
    }
    // One answered at once and resolved; one answered late; the rest left.
    b.t.clock.set_ms(local("2020-02-10 09:30"));
    b.t.post(
        &format!("/api/v1/cases/{}/records", ids[0]),
        Some(&b.admin),
        json!({"kind": "reply_to_enterprise", "content": "见附件"}),
    )
    .await;
    for s in ["in_progress", "resolved"] {
        b.t.post(
            &format!("/api/v1/cases/{}/status", ids[0]),
            Some(&b.admin),
            json!({"status": s}),
        )
        .await;
    }
    b.t.clock.set_ms(local("2020-02-11 16:00"));
    b.t.post(
        &format!("/api/v1/cases/{}/records", ids[1]),
        Some(&b.admin),
        json!({"kind": "call", "content": "已回电"}),
    )
    .await;
    b.t.clock.set_ms(local("2020-02-12 12:00"));

    let report =
        b.t.get(
            "/api/v1/reports/sla?from=2020-02-10&to=2020-02-10",
            Some(&b.admin),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text());
    let report = report.json();
    // Recount from the cases themselves.
    let mut expect: std::collections::BTreeMap<(String, String), (i64, i64, i64)> =
        Default::default();
    let mut breaches = 0;
    for id in &ids {
        let c =
            b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
                .await
                .json();
        let key = (
            c["division"].as_str().unwrap_or("").to_owned(),
            c["channel"].as_str().unwrap_or("").to_owned(),
        );
        let e = expect.entry(key).or_default();
        e.0 += 1;
        match c["sla"]["first_response"]["state"].as_str() {
            Some("met") => e.1 += 1,
            Some("breached") => e.2 += 1,
            _ => {}
        }
        for clock in ["first_response", "resolution"] {
            if c["sla"][clock]["state"] == "breached" {
                breaches += 1;
            }
        }
    }
    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), expect.len());
    for row in &rows {
        let key = (
            row["division"].as_str().unwrap_or("").to_owned(),
            row["channel"].as_str().unwrap_or("").to_owned(),
        );
        let (n, met, breached) = expect.get(&key).copied().unwrap_or_default();
        assert_eq!(row["cases"], n, "{row}");
        assert_eq!(row["first_response"]["met"], met, "{row}");
        assert_eq!(row["first_response"]["breached"], breached, "{row}");
    }
    assert_eq!(report["breaches"].as_array().map(Vec::len), Some(breaches));
    assert!(
        breaches >= 2,
        "the late and the unanswered fast inquiries breach: {report}"
    );
    // A day with no cases has no rows.
    let empty =
        b.t.get(
            "/api/v1/reports/sla?from=2020-03-01&to=2020-03-02",
            Some(&b.admin),
        )
        .await
        .json();
    assert_eq!(empty["rows"].as_array().map(Vec::len), Some(0));
    let bad =
        b.t.get(
            "/api/v1/reports/sla?from=2020-03-05&to=2020-03-01",
            Some(&b.admin),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn sla_targets_are_configurable_per_kind_and_channel() {
    let b = bureau().await;
    let list = b.t.get("/api/v1/sla-targets", Some(&b.admin)).await.json();
    assert!(list["items"].to_string().contains("\"inquiry\""), "{list}");
    let bad = b.t.call(Method::PUT, "/api/v1/sla-targets", Some(&b.admin), Some(json!({"kind": "gossip", "channel": "fax", "first_response_minutes": 0, "resolution_minutes": -5}))).await;
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        fields,
        [
            "kind",
            "channel",
            "first_response_minutes",
            "resolution_minutes"
        ],
        "{}",
        bad.text()
    );
    assert_eq!(b.t.call(Method::PUT, "/api/v1/sla-targets", Some(&b.staff_ip3), Some(json!({"kind": "inquiry", "channel": "*", "first_response_minutes": 30, "resolution_minutes": 60}))).await.status, StatusCode::FORBIDDEN);
    // The hotline answers within 30 working minutes from now on.
    let r = b.t.call(Method::PUT, "/api/v1/sla-targets", Some(&b.admin), Some(json!({"kind": "inquiry", "channel": "hotline", "first_response_minutes": 30, "resolution_minutes": 420}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    b.t.clock.set_ms(local("2020-03-02 09:00"));
    let c = b.t.post("/api/v1/cases", Some(&b.admin), json!({"kind": "inquiry", "subject": "热线", "body": "请问政策细则", "channel": "hotline"})).await.json();
    let sla =
        b.t.get(
            &format!("/api/v1/cases/{}", c["id"].as_str().unwrap_or("")),
            Some(&b.admin),
        )
        .await
        .json()["sla"]
            .clone();
    assert_eq!(
        sla["first_response"]["due_at"],
        local("2020-03-02 09:30"),
        "{sla}"
    );
    // Other channels keep the default (240 minutes).
    let w =
        b.t.post(
            "/api/v1/cases",
            Some(&b.admin),
            json!({"kind": "inquiry", "subject": "网页", "body": "请问政策细则", "channel": "web"}),
        )
        .await
        .json();
    let sla =
        b.t.get(
            &format!("/api/v1/cases/{}", w["id"].as_str().unwrap_or("")),
            Some(&b.admin),
        )
        .await
        .json()["sla"]
            .clone();
    assert_eq!(
        sla["first_response"]["due_at"],
        local("2020-03-02 13:30") + 60 * 60_000,
        "{sla}"
    );
}

#[tokio::test]
async fn a_breached_inquiry_is_on_the_daily_board_until_it_is_settled() {
    let b = bureau().await;
    let now = app::clock::Clock::now_ms(&*b.t.clock);
    // Asked nine days ago and never answered.
    b.t.clock.set_ms(now - 9 * 86_400_000);
    let c = b.t.post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "inquiry", "subject": "无人答复的咨询", "body": "请问办事指南在哪里？", "channel": "web"})).await.json();
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    b.t.clock.set_ms(now);
    let (session, _) =
        b.t.browser_login("ip3@example.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let board = b.t.page("/staff?lang=en", &session).await.text();
    assert!(
        board.contains("SLA breaches") && board.contains("无人答复的咨询"),
        "{board}"
    );
    for s in ["in_progress", "resolved"] {
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": s}),
        )
        .await;
    }
    let board = b.t.page("/staff?lang=en", &session).await.text();
    assert!(
        !board.contains("无人答复的咨询"),
        "a settled case leaves the board"
    );
}
