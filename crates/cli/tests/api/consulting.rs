//! Measure 3: messaging-group intake with signed webhooks, replies through the job queue to a
//! local webhook receiver, SLA clocks on the bureau's calendar, and the SLA report.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use testkit::{Res, TestApp};

use testkit::bureau::{Bureau, FIRM_A, bureau};

/// The Spring Festival of 2020 as the State Council extended it, and its make-up Sunday.
pub(crate) const CALENDAR_2020: &str = "date,type,name\n2020-01-01,holiday,元旦\n2020-01-19,workday,春节调休\n2020-01-24,holiday,春节\n2020-01-27,holiday,春节\n2020-01-28,holiday,春节\n2020-01-29,holiday,春节\n2020-01-30,holiday,春节（延长）\n2020-01-31,holiday,春节（延长）\n";

pub(crate) fn local(s: &str) -> i64 {
    domain::dates::Zone::default()
        .parse_datetime(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
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

    assert_eq!(
        app::jobs::worker::run_once(&b.t.app, "worker-1")
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
        app::jobs::worker::run_once(&b.t.app, "worker-1")
            .await
            .unwrap_or(9),
        0
    );
    b.t.clock.advance_minutes(1);
    assert_eq!(
        app::jobs::worker::run_once(&b.t.app, "worker-1")
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
async fn two_workers_deliver_a_reply_once() {
    let b = bureau().await;
    let (url, seen) = receiver(vec![]).await;
    let (gid, secret) = group(&b, &url).await;
    let msg = json!({"message_id": "wx-2w", "sender": {"id": "wx_li", "name": "李总"}, "text": "口罩出口需要什么资质？"});
    let id = signed(&b.t, &gid, &secret, &msg).await.json()["case_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.admin),
            json!({"kind": "reply_to_enterprise", "content": "需要医疗器械注册证书。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let (a, c) = tokio::join!(
        app::jobs::worker::run_once(&b.t.app, "worker-1"),
        app::jobs::worker::run_once(&b.t.app, "worker-2")
    );
    assert!(a.is_ok() && c.is_ok());
    assert_eq!(
        seen.lock().map(|v| v.len()).unwrap_or(0),
        1,
        "claimed by one worker only"
    );
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(c["deliveries"][0]["state"], "sent");
    assert_eq!(c["deliveries"][0]["attempts"], 1);
}

#[tokio::test]
async fn the_enterprise_answering_a_waiting_inquiry_puts_it_back_in_progress() {
    let b = bureau().await;
    let (gid, secret) = group(&b, "http://127.0.0.1:9/robot").await;
    let ask = json!({"message_id": "wx-101", "sender": {"id": "wx_wang", "name": "王经理"}, "text": "出口信用保险保费补贴需要哪些材料？"});
    let r = signed(&b.t, &gid, &secret, &ask).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["case_id"].as_str().unwrap_or_default().to_owned();
    testkit::bureau::move_case(
        &b,
        &b.staff_ft,
        &id,
        &["in_progress", "waiting_on_enterprise"],
    )
    .await;
    let path = format!("/api/v1/cases/{id}");
    assert_eq!(
        b.t.get(&path, Some(&b.staff_ft)).await.json()["sla"]["resolution"]["state"],
        "paused"
    );
    // The enterprise sends what was asked for: the inquiry is back with the division, and its
    // clock runs again.
    let answer = json!({"message_id": "wx-102", "sender": {"id": "wx_wang", "name": "王经理"}, "text": "合同和报关单已上传。"});
    let r = signed(&b.t, &gid, &secret, &answer).await;
    assert_eq!(r.json()["outcome"], "appended", "{}", r.text());
    let c = b.t.get(&path, Some(&b.staff_ft)).await.json();
    assert_eq!(c["status"], "in_progress");
    assert_ne!(c["sla"]["resolution"]["state"], "paused", "{}", c["sla"]);
    let last = c["timeline"]
        .as_array()
        .and_then(|t| t.last().cloned())
        .unwrap_or_default();
    assert_eq!(last["kind"], "status");
    assert_eq!(last["from_status"], "waiting_on_enterprise");
    assert_eq!(last["to_status"], "in_progress");
    let listed =
        b.t.get("/api/v1/cases?status=in_progress", Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(listed["total"], 1, "the division's list shows it again");
    // A message to an inquiry that is already in progress changes nothing.
    let more = json!({"message_id": "wx-103", "sender": {"id": "wx_wang", "name": "王经理"}, "text": "还需要别的吗？"});
    signed(&b.t, &gid, &secret, &more).await;
    let c = b.t.get(&path, Some(&b.staff_ft)).await.json();
    assert_eq!(c["status"], "in_progress");
    let statuses = c["timeline"]
        .as_array()
        .map(|t| t.iter().filter(|e| e["kind"] == "status").count())
        .unwrap_or(0);
    assert_eq!(statuses, 3);
}
