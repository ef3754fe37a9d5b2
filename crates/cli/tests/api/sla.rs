//! SLA clocks on the bureau's calendar: due times over holidays and make-up days, pauses while
//! waiting on the enterprise, configurable targets, the report against a recount, the board.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use crate::consulting::{CALENDAR_2020, local};
use testkit::bureau::{Bureau, bureau, move_case};

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
        text.contains("row 2, column date")
            && text.contains("2020-02-30")
            && text.contains("row 3, column type")
            && text.contains("party"),
        "{text}"
    );
    let ok = put(CALENDAR_2020).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["created"], 8);

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
    move_case(&b, &b.admin, &id, &["in_progress", "waiting_on_enterprise"]).await;
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

/// Rows of the SLA report by (division, channel): cases, first responses met and breached.
type Recount = std::collections::BTreeMap<(String, String), (i64, i64, i64)>;

/// Files five inquiries on Monday 2020-02-10: one answered at once and resolved, one answered
/// late, the rest left; the clock ends on Wednesday noon. Returns their ids.
async fn five_inquiries_answered_or_not(b: &Bureau) -> Vec<String> {
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

    ids
}

/// Recounts the report's rows and its breaches from the cases themselves.
async fn recount_sla(b: &Bureau, ids: &[String]) -> (Recount, usize) {
    let mut expect = Recount::default();
    let mut breaches = 0;
    for id in ids {
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
    (expect, breaches)
}

#[tokio::test]
async fn the_sla_report_equals_a_recount_of_its_cases() {
    let b = bureau().await;
    let ids = five_inquiries_answered_or_not(&b).await;
    let report =
        b.t.get(
            "/api/v1/reports/sla?from=2020-02-10&to=2020-02-10",
            Some(&b.admin),
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text());
    let report = report.json();
    let (expect, breaches) = recount_sla(&b, &ids).await;
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

#[tokio::test]
async fn a_reopened_case_does_not_count_the_time_it_sat_resolved() {
    let b = bureau().await;
    // Monday 2 March 2020, 09:00 (an ordinary working week).
    b.t.clock.set_ms(local("2020-03-02 09:00"));
    let c =
        b.t.post("/api/v1/cases", Some(&b.admin), json!({"kind": "inquiry", "subject": "复工证明", "body": "复工证明怎么开？", "channel": "hotline", "contact_name": "赵先生", "contact": "+8613800000001"}))
            .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.text());
    let id = c.json()["id"].as_str().unwrap_or_default().to_owned();
    b.t.clock.set_ms(local("2020-03-02 10:00"));
    move_case(&b, &b.admin, &id, &["resolved"]).await;
    // Reopened on Wednesday 09:00: Monday 10:00 to Wednesday 09:00 sat resolved.
    b.t.clock.set_ms(local("2020-03-04 09:00"));
    move_case(&b, &b.admin, &id, &["in_progress"]).await;
    b.t.clock.set_ms(local("2020-03-04 10:00"));
    let sla =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.admin))
            .await
            .json()["sla"]
            .clone();
    // 60 minutes on Monday and 60 on Wednesday; none of the 1.5 working days it sat resolved.
    assert_eq!(sla["resolution"]["used_minutes"], 120, "{sla}");
    assert_eq!(sla["resolution"]["state"], "running", "{sla}");
}
