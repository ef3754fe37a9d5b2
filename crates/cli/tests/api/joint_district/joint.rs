//! Joint handling and routing by item.

use super::*;

#[tokio::test]
async fn ip2_staff_see_measure_1s_cases_and_add_records_but_ip3_manages_them() {
    let b = bureau().await;
    let (_, ip2) =
        b.t.user_with_token("ip2@example.cn", "division_staff", Some("IP2"))
            .await;
    let (ip2_user, _) =
        b.t.user_with_token("ip2b@example.cn", "division_staff", Some("IP2"))
            .await;
    let case = id_of(&open_case(&b, &b.firm_a, FIRM_A).await);
    // Measure 1: IP3 leads, IP2 and IP1 work beside it, so IP2 sees the case in its lists...
    let open =
        b.t.get("/api/v1/cases?status=open", Some(&ip2))
            .await
            .json();
    assert_eq!(total(&open), 1, "{open}");
    assert_eq!(open["items"][0]["id"], case.as_str());
    assert_eq!(open["items"][0]["division"], "IP3", "still IP3's case");
    assert_eq!(open["items"][0]["may_manage"], false);
    assert_eq!(total(&b.t.get("/api/v1/cases", Some(&ip2)).await.json()), 1);
    // ...and on its page, and adds a working record to it.
    let url = format!("/api/v1/cases/{case}");
    let seen = b.t.get(&url, Some(&ip2)).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text());
    assert_eq!(seen.json()["may_manage"], false);
    let r =
        b.t.post(
            &format!("{url}/records"),
            Some(&ip2),
            json!({"kind": "coordination", "content": "二处已联系外方投资者协调物流"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let timeline = b.t.get(&url, Some(&b.staff_ip3)).await.json();
    assert!(
        timeline["timeline"].as_array().is_some_and(|t| t
            .iter()
            .any(|e| e["content"] == "二处已联系外方投资者协调物流")),
        "IP3 sees IP2's record: {timeline}"
    );
    assert_eq!(timeline["may_manage"], true);
    // The status, the assignee, escalation and the division stay with IP3.
    for (path, body) in [
        ("status", json!({"status": "in_progress"})),
        ("assignment", json!({"assignee": "me"})),
        ("escalate", json!({"reason": "重大"})),
        ("reassign", json!({"division": "IP2", "reason": "改由二处"})),
    ] {
        let r =
            b.t.post(&format!("{url}/{path}"), Some(&ip2), json!(body))
                .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text());
    }
    // IP3 cannot hand it to IP2 staff either: they could not move it.
    let r =
        b.t.post(
            &format!("{url}/assignment"),
            Some(&b.chief_ip3),
            json!({"assignee": ip2_user.id.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["code"], "assignee_outside_scope");
    let r =
        b.t.post(
            &format!("{url}/status"),
            Some(&b.staff_ip3),
            json!({"status": "in_progress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Measure 1 is not FT's: FT still sees nothing.
    assert_eq!(
        total(&b.t.get("/api/v1/cases", Some(&b.staff_ft)).await.json()),
        0
    );
    assert_eq!(
        b.t.get(&url, Some(&b.staff_ft)).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn open_measure_7(b: &Bureau, subject: &str, item: Option<&str>) -> testkit::Res {
    let mut body = json!({"kind": "difficulty", "measure": 7, "enterprise": FIRM_B, "subject": subject, "body": "受疫情影响无法按期交货。", "category": "orders_contracts", "channel": "hotline"});
    if let Some(i) = item {
        body["item"] = json!(i);
    }
    b.t.post("/api/v1/cases", Some(&b.staff_ip3), body).await
}

#[tokio::test]
async fn a_case_of_a_measure_split_by_item_goes_to_the_items_division() {
    let b = bureau().await;
    let gla =
        b.t.user_with_token("gla@example.cn", "division_staff", Some("GLA"))
            .await
            .1;
    // The table splits measure 7: force-majeure certificates and legal services to GLA,
    // export credit insurance to FT.
    let r = open_measure_7(&b, "出口收汇风险", Some("export credit insurance")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let insured = r.json();
    assert_eq!(insured["division"], "FT");
    let r = open_measure_7(
        &b,
        "Force-majeure certificates and legal services for a late delivery",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let certified = r.json();
    assert_eq!(
        certified["division"], "GLA",
        "the item named in the subject"
    );
    // An item the measure does not have is refused, naming the field.
    let r = open_measure_7(&b, "s", Some("tax refunds")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "item");
    // Each division sees its item's case only: an item's work is not shared.
    let ft = b.t.get("/api/v1/cases", Some(&b.staff_ft)).await.json();
    assert_eq!(total(&ft), 1, "{ft}");
    assert_eq!(ft["items"][0]["id"], insured["id"]);
    let gl = b.t.get("/api/v1/cases", Some(&gla)).await.json();
    assert_eq!(total(&gl), 1, "{gl}");
    assert_eq!(gl["items"][0]["id"], certified["id"]);
    // Without an item the measure's first division takes it, as before.
    let r = open_measure_7(&b, "其他问题", None).await;
    assert_eq!(r.json()["division"], "GLA", "{}", r.text());
    // The FT staff may work their case.
    let r =
        b.t.call(
            Method::POST,
            &format!("/api/v1/cases/{}/status", id_of(&insured)),
            Some(&b.staff_ft),
            Some(json!({"status": "in_progress"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}
