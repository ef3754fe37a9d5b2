//! Issue 13: assigning cases to a named colleague (audited, on the timeline), "my cases", the
//! workload per person, and the staff case list's filters, sort orders and exports.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau, open_case};

async fn me(b: &Bureau, token: &str) -> (String, String) {
    let m = b.t.get("/api/v1/me", Some(token)).await.json();
    (
        m["id"].as_str().unwrap_or_default().to_owned(),
        m["name"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn assign(b: &Bureau, token: &str, case: &str, who: Value) -> testkit::Res {
    b.t.post(
        &format!("/api/v1/cases/{case}/assignment"),
        Some(token),
        json!({ "assignee": who }),
    )
    .await
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn list(b: &Bureau, token: &str, q: &str) -> testkit::Res {
    let q: Vec<String> = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => format!("{k}={}", testkit::enc(v)),
            None => p.to_owned(),
        })
        .collect();
    b.t.get(&format!("/api/v1/cases?{}", q.join("&")), Some(token))
        .await
}

/// Every case of the list in `q`'s order, walking its pages one case at a time.
async fn walk(b: &Bureau, token: &str, q: &str) -> Vec<String> {
    let (mut seen, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let mut path = format!("limit=1&{q}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = list(b, token, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        let page = r.json();
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return seen,
        }
    }
}

async fn open_with(b: &Bureau, token: &str, enterprise: &str, subject: &str) -> String {
    let r = b
        .t
        .post("/api/v1/cases", Some(token), json!({"kind": "difficulty", "enterprise": enterprise, "subject": subject, "body": "详情见附件。", "category": "logistics", "channel": "portal"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap_or_default().to_owned()
}

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

#[tokio::test]
async fn the_list_filters_by_measure_district_and_text_and_refuses_bad_values() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "物流受阻：港口封闭").await;
    let two = open_with(&b, &b.firm_b, FIRM_B, "Orders CANCELLED by buyer").await;
    let get = |q: &'static str| list(&b, &b.chief_ip3, q);
    assert_eq!(
        ids(&get("measure=1").await.json()),
        [two.clone(), one.clone()]
    );
    assert_eq!(get("measure=2").await.json()["total"], 0);
    assert_eq!(ids(&get("district=210202").await.json()).len(), 2);
    assert_eq!(get("district=210211").await.json()["total"], 0);
    assert_eq!(ids(&get("q=港口").await.json()), vec![one.as_str()]);
    assert_eq!(
        ids(&get("q=cancelled").await.json()),
        vec![two.as_str()],
        "any case"
    );
    assert_eq!(ids(&get("q=详情见").await.json()).len(), 2, "the body too");
    assert_eq!(get("q=100%").await.json()["total"], 0, "% is literal");
    for (q, field) in [
        ("measure=11", "measure"),
        ("measure=x", "measure"),
        ("district=110101x", "district"),
        ("sort=name", "sort"),
        ("order=up", "order"),
        ("assignee=nobody", "assignee"),
    ] {
        let r = get(q).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            r.text()
        );
        assert_eq!(r.json()["errors"][0]["field"], field, "{q}");
    }
}

#[tokio::test]
async fn the_list_sorts_by_created_updated_and_follow_up_and_pages_in_that_order() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "一").await;
    let two = open_with(&b, &b.firm_a, FIRM_A, "二").await;
    let three = open_with(&b, &b.firm_a, FIRM_A, "三").await;
    for (id, date) in [(&one, "2030-03-02"), (&three, "2030-03-01")] {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/records"),
                Some(&b.staff_ip3),
                json!({"kind": "call", "content": "已电话联系", "next_follow_up": date}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let all = |q: &'static str| walk(&b, &b.staff_ip3, q);
    assert_eq!(all("").await, [&three, &two, &one].map(String::clone));
    assert_eq!(
        all("sort=created&order=asc").await,
        [&one, &two, &three].map(String::clone)
    );
    // Records touched one, then three: most recently updated first.
    assert_eq!(
        all("sort=updated").await,
        [&three, &one, &two].map(String::clone)
    );
    assert_eq!(
        all("sort=updated&order=asc").await,
        [&two, &one, &three].map(String::clone)
    );
    // Soonest follow-up first; a case without one comes last either way.
    assert_eq!(
        all("sort=follow_up").await,
        [&three, &one, &two].map(String::clone)
    );
    assert_eq!(
        all("sort=follow_up&order=desc").await,
        [&one, &three, &two].map(String::clone)
    );
    let r = list(&b, &b.staff_ip3, "sort=updated&cursor=abc").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn the_export_holds_the_filtered_list_as_csv_and_xlsx() {
    let b = bureau().await;
    let one = open_with(&b, &b.firm_a, FIRM_A, "=HYPERLINK(\"x\") 港口封闭").await;
    open_with(&b, &b.firm_b, FIRM_B, "订单取消").await;
    let (staff, staff_name) = me(&b, &b.staff_ip3).await;
    assign(&b, &b.chief_ip3, &one, json!(staff)).await;
    let r =
        b.t.get(
            &format!("/api/v1/cases/export?format=csv&q={}", testkit::enc("港口")),
            Some(&b.chief_ip3),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let text = r.text();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("id,kind,measure,enterprise,subject,status"),
        "{text}"
    );
    assert_eq!(
        lines.len(),
        2,
        "only the case that passes the filter: {text}"
    );
    assert!(lines[1].starts_with(one.as_str()), "{text}");
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"x\"\") 港口封闭\""),
        "formulas are neutralised: {text}"
    );
    assert!(
        lines[1].contains(staff_name.as_str()),
        "the assignee by name: {text}"
    );
    let all =
        b.t.get("/api/v1/cases/export?format=csv", Some(&b.chief_ip3))
            .await
            .text();
    assert_eq!(all.lines().count(), 3, "header and both cases: {all}");

    let r =
        b.t.get(
            "/api/v1/cases/export?format=xlsx&assignee=me",
            Some(&b.staff_ip3),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.body.starts_with(b"PK"), "an XLSX is a zip");
    let names = String::from_utf8_lossy(&r.body);
    assert!(names.contains("xl/worksheets/sheet1.xml"), "with its sheet");
    let r =
        b.t.get("/api/v1/cases/export?format=pdf", Some(&b.chief_ip3))
            .await;
    assert_eq!(r.json()["errors"][0]["field"], "format");
    let r =
        b.t.get(
            "/api/v1/cases/export?format=csv&sort=bad",
            Some(&b.chief_ip3),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["field"], "sort");
}
