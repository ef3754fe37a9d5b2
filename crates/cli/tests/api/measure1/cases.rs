//! The shared case engine for measure 1: routing and status rules, escalation and the chief's
//! decision, what the enterprise sees, and reassignment between divisions.

use axum::http::StatusCode;
use serde_json::json;
use testkit::bureau::{FIRM_A, bureau, open_case};

/// Found by the API fuzzer on PostgreSQL: a NUL character in a search was a 500 (PostgreSQL
/// text cannot hold it); it is a 422 naming the parameter, on both backends.
#[tokio::test]
async fn a_nul_character_in_a_query_is_refused_naming_the_parameter() {
    let b = bureau().await;
    let r =
        b.t.get("/api/v1/enterprises?district=&q=%00%00u", Some(&b.admin))
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "q");
    assert_eq!(r.json()["errors"][0]["code"], "invalid_character");
}

#[tokio::test]
async fn a_case_is_routed_and_follows_the_status_rules() {
    let b = bureau().await;
    let c = open_case(&b, &b.staff_ip3, FIRM_A).await;
    assert_eq!(c["division"], "IP3", "measure 1 is led by IP3");
    assert_eq!(c["status"], "new");
    assert_eq!(c["timeline"][0]["kind"], "created");
    let id = c["id"].as_str().unwrap_or_default().to_owned();
    let e =
        b.t.get(&format!("/api/v1/enterprises/{FIRM_A}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(e["status"], "in_difficulty");

    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "transition_not_allowed");
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap_or("")
            .contains("from new it can go to in_progress")
    );
    for s in [
        "in_progress",
        "waiting_on_enterprise",
        "in_progress",
        "resolved",
        "closed",
        "in_progress",
    ] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/status"),
                Some(&b.staff_ip3),
                json!({"status": s}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "to {s}: {}", r.text());
        assert_eq!(r.json()["status"], s);
    }
    let timeline =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json()["timeline"]
            .clone();
    let moves: Vec<String> = timeline
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "status")
        .map(|e| {
            format!(
                "{}>{}",
                e["from_status"].as_str().unwrap_or(""),
                e["to_status"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        moves.last().map(String::as_str),
        Some("closed>in_progress"),
        "a reopen is in the timeline: {moves:?}"
    );
}

#[tokio::test]
async fn escalation_needs_a_decision_by_the_chief_before_resolving() {
    let b = bureau().await;
    let id = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/escalate"),
            Some(&b.staff_ip3),
            json!({"reason": "涉及全市供应链"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["significant"], true);
    let waiting =
        b.t.get("/api/v1/cases?awaiting_decision=true", Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(waiting["total"], 1, "the escalation waits for the chief");
    b.t.post(
        &format!("/api/v1/cases/{id}/status"),
        Some(&b.staff_ip3),
        json!({"status": "in_progress"}),
    )
    .await;
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "decision_required");
    let decision = json!({"decision": "协调替代供应商并申请物流绿色通道", "division": "IP3", "owner": "王晓明", "due_date": "2020-02-20"});
    assert_eq!(
        b.t.post(
            &format!("/api/v1/cases/{id}/decision"),
            Some(&b.staff_ip3),
            decision.clone()
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "staff do not decide"
    );
    let bad =
        b.t.post(
            &format!("/api/v1/cases/{id}/decision"),
            Some(&b.chief_ip3),
            json!({"decision": "x", "division": "IP9", "owner": "", "due_date": "2020-02-30"}),
        )
        .await;
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(fields, ["division", "owner", "due_date"]);
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/decision"),
            Some(&b.chief_ip3),
            decision,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["decision"]["owner"], "王晓明");
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let significant =
        b.t.get("/api/v1/cases?significant=true", Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(
        significant["total"], 1,
        "the chief's board finds the escalation"
    );
    let waiting =
        b.t.get("/api/v1/cases?awaiting_decision=true", Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(
        waiting["total"], 0,
        "decided escalations no longer wait for the chief"
    );
}

#[tokio::test]
async fn the_enterprise_sees_replies_but_never_internal_notes() {
    let b = bureau().await;
    let id = open_case(&b, &b.firm_a, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for (kind, text) in [
        ("internal_note", "该企业去年有欠税记录"),
        ("reply_to_enterprise", "已联系替代供应商，请准备采购清单。"),
    ] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/records"),
                Some(&b.staff_ip3),
                json!({"kind": kind, "content": text, "next_follow_up": "2020-02-18"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let staff_view =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .text();
    assert!(staff_view.contains("欠税"));
    let firm_view =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.firm_a))
            .await;
    assert_eq!(firm_view.status, StatusCode::OK);
    assert!(
        firm_view.text().contains("采购清单") && !firm_view.text().contains("欠税"),
        "{}",
        firm_view.text()
    );
    // The bureau's follow-up dates are not shown to the enterprise, on the case, in its
    // timeline or in its list.
    assert!(
        !firm_view.text().contains("2020-02-18"),
        "{}",
        firm_view.text()
    );
    let listed = b.t.get("/api/v1/cases", Some(&b.firm_a)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(
        listed.text().contains(&id) && !listed.text().contains("2020-02-18"),
        "{}",
        listed.text()
    );
    assert!(
        b.t.get("/api/v1/cases", Some(&b.staff_ip3))
            .await
            .text()
            .contains("2020-02-18"),
        "staff see it"
    );
    b.t.post(
        &format!("/api/v1/cases/{id}/escalate"),
        Some(&b.staff_ip3),
        json!({"reason": "需要专班研究的内部原因"}),
    )
    .await;
    let firm_view =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.firm_a))
            .await
            .text();
    assert!(
        !firm_view.contains("专班研究") && !firm_view.contains("ip3@example.cn"),
        "no escalation reasons or staff addresses: {firm_view}"
    );
    assert_eq!(
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.firm_a),
            json!({"kind": "message", "content": "x"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let bad =
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.staff_ip3),
            json!({"kind": "gossip", "content": " ", "next_follow_up": "18/02/2020"}),
        )
        .await;
    assert_eq!(bad.json()["errors"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn a_reassigned_case_moves_between_divisions() {
    let b = bureau().await;
    let id = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/reassign"),
            Some(&b.staff_ip3),
            json!({"division": "FT", "reason": "实为进口清关问题"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["division"], "FT");
    // IP3 leads measure 1 beside IP2 and IP1, so it still sees the case, but FT manages it.
    let ip3 =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await;
    assert_eq!(ip3.status, StatusCode::OK);
    assert_eq!(ip3.json()["may_manage"], false);
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": "in_progress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let ft =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ft))
            .await
            .json();
    assert!(ft["timeline"].to_string().contains("实为进口清关问题"));
    let (_, auditor) = b.t.user_with_token("au@example.cn", "auditor", None).await;
    let trail =
        b.t.get(
            &format!("/api/v1/audit?object_type=case&object_id={id}"),
            Some(&auditor),
        )
        .await
        .json();
    assert_eq!(trail["items"][0]["action"], "case_reassigned");
    assert_eq!(trail["items"][0]["after"]["reason"], "实为进口清关问题");
}
