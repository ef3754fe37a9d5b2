//! Assigning a case to a colleague: audited and on the timeline, refused for people who may not
//! see it or from enterprise users; "my cases" and the workload per person.

use super::*;

#[tokio::test]
async fn assigning_reassigning_and_unassigning_are_audited_and_on_the_timeline() {
    let b = bureau().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    assert_eq!(c["division"], "IP3");
    let (staff, staff_name) = me(&b, &b.staff_ip3).await;
    let (chief, chief_name) = me(&b, &b.chief_ip3).await;

    let r = assign(&b, &b.chief_ip3, id, json!(staff)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["assignee_id"], json!(staff));
    assert_eq!(r.json()["assignee_name"], json!(staff_name));
    let r = assign(&b, &b.staff_ip3, id, json!("me")).await;
    assert_eq!(
        r.json()["assignee_id"],
        json!(staff),
        "the same person again changes nothing"
    );
    let r = assign(&b, &b.staff_ip3, id, json!(chief)).await;
    assert_eq!(r.json()["assignee_name"], json!(chief_name));
    let r = assign(&b, &b.chief_ip3, id, Value::Null).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["assignee_id"], Value::Null);

    let timeline =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.chief_ip3))
            .await
            .json();
    let moves: Vec<&str> = timeline["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "assignment")
        .map(|e| e["content"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        moves,
        [
            format!("— → {staff_name}"),
            format!("{staff_name} → {chief_name}"),
            format!("{chief_name} → —"),
        ]
    );

    let (_, auditor) =
        b.t.user_with_token("auditor@example.cn", "auditor", None)
            .await;
    let trail =
        b.t.get(
            &format!("/api/v1/audit?object_type=case&object_id={id}"),
            Some(&auditor),
        )
        .await
        .json();
    let entries: Vec<&Value> = trail["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["action"].as_str().is_some_and(|a| a.contains("assigned")))
        .collect();
    assert_eq!(entries.len(), 3, "{trail}");
    // Newest first: the unassignment names who had it.
    assert_eq!(entries[0]["action"], "case_unassigned");
    assert_eq!(entries[0]["after"]["assignee_before"]["id"], json!(chief));
    assert_eq!(entries[0]["after"]["assignee_after"], Value::Null);
    assert_eq!(entries[1]["action"], "case_assigned");
    assert_eq!(entries[1]["before"]["assignee_id"], json!(staff));
    assert_eq!(entries[1]["after"]["assignee_id"], json!(chief));
    assert_eq!(
        entries[2]["after"]["assignee_after"]["name"],
        json!(staff_name)
    );
}

#[tokio::test]
async fn an_assignee_who_may_not_see_the_case_is_refused_naming_the_field() {
    let b = bureau().await;
    let c = open_case(&b, &b.firm_a, FIRM_A).await;
    let id = c["id"].as_str().unwrap_or_default();
    let (ft, _) = me(&b, &b.staff_ft).await;
    let (reviewer, _) = me(&b, &b.reviewer).await;
    for (who, code) in [
        (json!(ft), "assignee_outside_scope"),
        (json!(b.other_official_id), "assignee_outside_scope"),
        (json!(reviewer), "assignee_outside_scope"),
        (json!(uuid::Uuid::now_v7().to_string()), "unknown_account"),
        (json!("someone"), "invalid_id"),
    ] {
        let r = assign(&b, &b.chief_ip3, id, who.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{who}: {}",
            r.text()
        );
        assert_eq!(r.json()["errors"][0]["field"], "assignee", "{who}");
        assert_eq!(r.json()["errors"][0]["code"], code, "{who}");
    }
    // The enterprise's designated district official may take it.
    let r =
        b.t.call(
            axum::http::Method::PUT,
            &format!("/api/v1/enterprises/{FIRM_A}/liaison"),
            Some(&b.admin),
            Some(json!({"official": b.official_id, "contact": null, "reason": "分片"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = assign(&b, &b.chief_ip3, id, json!(b.official_id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Staff of another division cannot assign a case they do not see.
    let r = assign(&b, &b.staff_ft, id, json!(ft)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_enterprise_user_cannot_assign_or_list_others_cases() {
    let b = bureau().await;
    let a = open_case(&b, &b.firm_a, FIRM_A).await;
    let a = a["id"].as_str().unwrap_or_default();
    open_case(&b, &b.firm_b, FIRM_B).await;
    let (staff, _) = me(&b, &b.staff_ip3).await;
    let r = assign(&b, &b.firm_a, a, json!(staff)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mine = b.t.get("/api/v1/cases", Some(&b.firm_a)).await.json();
    assert_eq!(ids(&mine), [a.to_owned()]);
    assert_eq!(mine["items"][0]["assignee_id"], Value::Null);
    for path in [
        format!("/api/v1/cases?assignee={staff}"),
        "/api/v1/cases?assignee=me".to_owned(),
        "/api/v1/cases/workload".to_owned(),
        "/api/v1/cases/export?format=csv".to_owned(),
    ] {
        let r = b.t.get(&path, Some(&b.firm_a)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn my_cases_and_the_workload_per_person() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "物流受阻").await;
    let two = open_with(&b, &b.firm_a, FIRM_A, "用工短缺").await;
    open_with(&b, &b.firm_b, FIRM_B, "订单取消").await;
    let (staff, staff_name) = me(&b, &b.staff_ip3).await;
    assign(&b, &b.chief_ip3, &one, json!(staff)).await;
    assign(&b, &b.chief_ip3, &two, json!(staff)).await;
    let mine =
        b.t.get("/api/v1/cases?assignee=me", Some(&b.staff_ip3))
            .await
            .json();
    assert_eq!(ids(&mine), [two.clone(), one.clone()]);
    assert_eq!(mine["total"], 2);
    let chiefs =
        b.t.get("/api/v1/cases?assignee=me", Some(&b.chief_ip3))
            .await
            .json();
    assert_eq!(chiefs["total"], 0);
    let by_id =
        b.t.get(
            &format!("/api/v1/cases?assignee={staff}"),
            Some(&b.chief_ip3),
        )
        .await
        .json();
    assert_eq!(by_id["total"], 2);

    let w = b.t.get("/api/v1/cases/workload", Some(&b.chief_ip3)).await;
    assert_eq!(w.status, StatusCode::OK, "{}", w.text());
    let w = w.json();
    assert_eq!(w["items"][0]["assignee_name"], json!(staff_name));
    assert_eq!(w["items"][0]["open"], 2);
    assert_eq!(w["items"][1]["assignee_id"], Value::Null);
    assert_eq!(w["items"][1]["open"], 1);
    // Another division's staff see none of IP3's work.
    let w =
        b.t.get("/api/v1/cases/workload", Some(&b.staff_ft))
            .await
            .json();
    assert_eq!(w["total"], 0);
}
