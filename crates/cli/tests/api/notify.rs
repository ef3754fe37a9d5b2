//! Notifications: each event's inbox entry and e-mail (caught by a real SMTP server on
//! loopback) in the recipient's language; preferences that switch e-mail off; nobody reads
//! another's inbox; a refused e-mail is retried by the queue and shows in `/admin/jobs`.

use app::jobs::worker;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, assign, bureau_with, open_case};
use testkit::{HttpReceiver, MailSink};

pub(crate) async fn with_sink() -> (Bureau, MailSink) {
    let (b, sink, _) = with_sink_and_sms().await;
    (b, sink)
}

/// A bureau whose e-mail goes to a real SMTP sink and whose SMS go to a local HTTP receiver.
pub(crate) async fn with_sink_and_sms() -> (Bureau, MailSink, HttpReceiver) {
    let sink = MailSink::start()
        .await
        .unwrap_or_else(|e| panic!("sink: {e}"));
    let sms = HttpReceiver::start().await;
    let (url, gateway) = (sink.url(), sms.url.clone());
    let b = bureau_with(move |app| {
        app.with_notify(app::notify::Config {
            smtp_url: Some(url),
            mail_from: "Lifeline <noreply@lifeline.test>".into(),
            sms_gateway_url: Some(gateway),
        })
    })
    .await;
    (b, sink, sms)
}

/// Runs the queue until nothing is due.
pub(crate) async fn drain(b: &Bureau) {
    for _ in 0..20 {
        let n = worker::run_once(&b.t.app, "test-worker")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if n == 0 {
            return;
        }
    }
}

pub(crate) async fn inbox(b: &Bureau, token: &str) -> Value {
    let r = b.t.get("/api/v1/inbox", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

pub(crate) fn subjects(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["subject"].as_str().unwrap_or_default().to_owned())
        .collect()
}

pub(crate) fn mails_to(sink: &MailSink, to: &str) -> Vec<(String, String)> {
    sink.mails()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .map(|m| (m.subject, m.body))
        .collect()
}

pub(crate) async fn my_id(b: &Bureau, token: &str) -> String {
    b.t.get("/api/v1/me", Some(token)).await.json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn set_prefs(b: &Bureau, token: &str, body: Value) -> testkit::Res {
    b.t.call(
        Method::PUT,
        "/api/v1/me/notification-preferences",
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_routed_case_reaches_the_division_by_inbox_and_email_in_their_language() {
    let (b, sink) = with_sink().await;
    // The staff member reads English; the chief keeps the bureau's Chinese.
    let r = set_prefs(
        &b,
        &b.staff_ip3,
        json!({"lang": "en", "digest": true, "events": []}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    assert_eq!(c["division"], "IP3");

    // Nobody is on duty: the chief and all of IP3's staff are told; FT is not.
    let chief = inbox(&b, &b.chief_ip3).await;
    assert_eq!(chief["total"], 1);
    assert_eq!(chief["items"][0]["event"], "case_routed");
    assert_eq!(chief["items"][0]["case_id"], c["id"]);
    assert!(subjects(&chief)[0].starts_with("新案件分派至"), "{chief}");
    let staff = inbox(&b, &b.staff_ip3).await;
    assert!(
        subjects(&staff)[0].starts_with("New case for the "),
        "{staff}"
    );
    assert_eq!(inbox(&b, &b.staff_ft).await["total"], 0);
    let r =
        b.t.get("/api/v1/inbox/unread-count", Some(&b.chief_ip3))
            .await;
    assert_eq!(r.json()["unread"], 1);

    drain(&b).await;
    let zh = mails_to(&sink, "chief@example.cn");
    assert_eq!(zh.len(), 1, "{zh:?}");
    assert!(zh[0].0.starts_with("新案件分派至"), "{zh:?}");
    assert!(zh[0].1.contains("大连海湾精密制造有限公司"), "{zh:?}");
    assert!(zh[0].1.contains("原材料断供"), "{zh:?}");
    let en = mails_to(&sink, "ip3@example.cn");
    assert_eq!(en.len(), 1, "{en:?}");
    assert!(en[0].0.starts_with("New case for the "), "{en:?}");
    assert!(mails_to(&sink, "ft@example.cn").is_empty());

    // Assigned to the staff member: told in English, by inbox and e-mail.
    let staff_id = my_id(&b, &b.staff_ip3).await;
    let id = c["id"].as_str().unwrap_or_default();
    assign(&b, &b.chief_ip3, id, &staff_id).await;
    drain(&b).await;
    let en = mails_to(&sink, "ip3@example.cn");
    assert_eq!(en.len(), 2, "{en:?}");
    assert_eq!(en[1].0, "Case assigned to you: 原材料断供");
    assert_eq!(
        subjects(&inbox(&b, &b.staff_ip3).await)[0],
        "Case assigned to you: 原材料断供"
    );

    // Escalated: the chief and the assignee.
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/escalate"),
            Some(&b.chief_ip3),
            json!({"reason": "涉及多家企业"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    drain(&b).await;
    assert_eq!(
        mails_to(&sink, "chief@example.cn")[1].0,
        "案件已升级为重大事项：原材料断供"
    );
    assert_eq!(
        mails_to(&sink, "ip3@example.cn")[2].0,
        "Case escalated: 原材料断供"
    );
}

#[tokio::test]
async fn preferences_switch_email_off_and_staff_on_duty_are_told_instead_of_everyone() {
    let (b, sink) = with_sink().await;
    let r = set_prefs(
        &b,
        &b.chief_ip3,
        json!({"lang": "zh-CN", "digest": false, "events": [{"event": "case_routed", "email": false, "sms": false}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p =
        b.t.get("/api/v1/me/notification-preferences", Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(p["digest"], false);
    let routed = p["events"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["event"] == "case_routed")
        .cloned()
        .unwrap_or_default();
    assert_eq!(routed["email"], false);

    // A staff member may not choose a language staff pages do not have; an unknown event is
    // named.
    let r = set_prefs(&b, &b.staff_ip3, json!({"lang": "ja", "digest": true, "events": [{"event": "nope", "email": true, "sms": false}]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let problem = r.json();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["lang", "events[0].event"]);

    open_case(&b, &b.firm_a, FIRM_A).await;
    drain(&b).await;
    assert_eq!(
        inbox(&b, &b.chief_ip3).await["total"],
        1,
        "the inbox is always on"
    );
    assert!(mails_to(&sink, "chief@example.cn").is_empty());
    assert_eq!(mails_to(&sink, "ip3@example.cn").len(), 1);

    // The chief puts a second staff member on duty: only they (and the chief) hear of the
    // next case. Staff cannot change duty; another division's chief cannot see IP3's staff.
    let (duty, _) =
        b.t.user_with_token("duty@example.cn", "division_staff", Some("IP3"))
            .await;
    let path = format!("/api/v1/on-duty/{}", duty.id);
    let on = json!({"on_duty": true});
    let r =
        b.t.call(Method::PUT, &path, Some(&b.staff_ip3), Some(on.clone()))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, chief_ft) =
        b.t.user_with_token("chief.ft@example.cn", "division_chief", Some("FT"))
            .await;
    let r =
        b.t.call(Method::PUT, &path, Some(&chief_ft), Some(on.clone()))
            .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r =
        b.t.call(Method::PUT, &path, Some(&b.chief_ip3), Some(on))
            .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let on_duty = r
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["on_duty"] == true)
        .count();
    assert_eq!(on_duty, 1, "{}", r.text());
    open_case(&b, &b.firm_a, FIRM_A).await;
    drain(&b).await;
    assert_eq!(mails_to(&sink, "duty@example.cn").len(), 1);
    assert_eq!(mails_to(&sink, "ip3@example.cn").len(), 1, "off duty");
    assert_eq!(inbox(&b, &b.chief_ip3).await["total"], 2);
}

#[tokio::test]
async fn nobody_reads_or_marks_another_users_inbox() {
    let (b, _sink) = with_sink().await;
    // A designation tells the official and the enterprise's users.
    let r =
        b.t.call(
            Method::PUT,
            &format!("/api/v1/enterprises/{FIRM_A}/liaison"),
            Some(&b.admin),
            Some(json!({"official": b.official_id, "contact": null, "reason": "分片"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let a = inbox(&b, &b.firm_a).await;
    assert_eq!(a["total"], 1, "{a}");
    assert_eq!(a["items"][0]["event"], "designated");
    assert!(subjects(&a)[0].contains("大连海湾精密制造有限公司"), "{a}");
    assert_eq!(inbox(&b, &b.official).await["total"], 1);
    assert_eq!(inbox(&b, &b.firm_b).await["total"], 0);
    let entry = a["items"][0]["id"].as_str().unwrap_or_default().to_owned();

    // Firm B cannot mark it (it does not exist for them), nor does read-all touch it.
    let r =
        b.t.post(
            &format!("/api/v1/inbox/{entry}/read"),
            Some(&b.firm_b),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r =
        b.t.post("/api/v1/inbox/read-all", Some(&b.firm_b), json!({}))
            .await;
    assert_eq!(r.json()["marked"], 0);
    let a = inbox(&b, &b.firm_a).await;
    assert_eq!(a["items"][0]["read_at"], Value::Null);
    // Its owner can.
    let r =
        b.t.post(
            &format!("/api/v1/inbox/{entry}/read"),
            Some(&b.firm_a),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["read_at"].is_i64());
    let r = b.t.get("/api/v1/inbox/unread-count", Some(&b.firm_a)).await;
    assert_eq!(r.json()["unread"], 0);
    // Signed out: 401.
    assert_eq!(
        b.t.get("/api/v1/inbox", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_refused_email_is_retried_by_the_queue_and_shows_in_admin_jobs() {
    let (b, sink) = with_sink().await;
    sink.refuse(true);
    open_case(&b, &b.firm_a, FIRM_A).await;
    drain(&b).await;
    assert!(sink.mails().is_empty());
    let jobs =
        b.t.get("/api/v1/jobs?state=failed", Some(&b.admin))
            .await
            .json();
    let failed: Vec<&Value> = jobs["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|j| j["kind"] == "notify_email")
        .collect();
    assert_eq!(failed.len(), 2, "{jobs}");
    assert!(
        failed[0]["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("451"),
        "{jobs}"
    );
    sink.refuse(false);
    b.t.clock.advance_minutes(1);
    drain(&b).await;
    assert_eq!(mails_to(&sink, "chief@example.cn").len(), 1);
    assert_eq!(mails_to(&sink, "ip3@example.cn").len(), 1);
}

#[tokio::test]
async fn the_enterprise_reply_and_a_move_to_another_division_tell_who_works_the_case() {
    let (b, sink) = with_sink().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    let staff_id = my_id(&b, &b.staff_ip3).await;
    assign(&b, &b.chief_ip3, id, &staff_id).await;
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/replies"),
            Some(&b.firm_a),
            json!({"content": "供应商已恢复部分供货。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    drain(&b).await;
    // The assignee is told; the chief (not the assignee) only heard of the new case.
    let staff = mails_to(&sink, "ip3@example.cn");
    let reply = staff
        .iter()
        .find(|m| m.0 == "企业已回复：原材料断供")
        .unwrap_or_else(|| panic!("{staff:?}"));
    assert_eq!(
        reply.1, "大连海湾精密制造有限公司在案件“原材料断供”中作出了回复。",
        "a case that was not waiting is not said to be back in progress"
    );
    assert_eq!(mails_to(&sink, "chief@example.cn").len(), 1);

    // Moved to Foreign Trade: FT's staff hear of it (nobody is on duty there).
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/reassign"),
            Some(&b.chief_ip3),
            json!({"division": "FT", "reason": "属外贸业务"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let ft = inbox(&b, &b.staff_ft).await;
    assert_eq!(ft["total"], 1, "{ft}");
    assert_eq!(ft["items"][0]["event"], "case_routed");
}
