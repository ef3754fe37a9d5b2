//! Editing the Table of Work Distribution: a row's edit routes new work at once, one division
//! leads per measure and item, places stay dense, and every change is audited.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::TestApp;

use super::organisation::{CORRECTED, admin, upload};

#[tokio::test]
async fn an_edit_routes_new_work_at_once_and_is_audited() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    assert_eq!(
        t.get("/api/v1/route?measure=6", Some(&admin)).await.json()["leading"]["code"],
        "FT"
    );
    let r = t
        .call(Method::PUT, "/api/v1/work-distribution", Some(&admin), Some(json!({"measure": 6, "division": "综合法规处", "leading": true, "chief": {"name": "黄海", "office_phone": "83630601", "mobile": "13804110601"}})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["created"], 1);
    let route = t.get("/api/v1/route?measure=6", Some(&admin)).await.json();
    assert_eq!(route["leading"]["code"], "GLA");
    assert_eq!(route["divisions"].as_array().map(Vec::len), Some(2));
    let bad = t
        .call(
            Method::PUT,
            "/api/v1/work-distribution",
            Some(&admin),
            Some(json!({"measure": 6, "division": "Ministry of Magic"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "division");

    let (_, auditor) = t
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    let trail = t
        .get(
            "/api/v1/audit?object_type=work_distribution",
            Some(&auditor),
        )
        .await
        .json();
    let newest = &trail["items"][0];
    assert_eq!(newest["action"], "work_distribution_row_created");
    assert_eq!(newest["actor"], "admin@example.cn");
    assert_eq!(newest["after"]["division"], "GLA");
    let id = t
        .get("/api/v1/work-distribution", Some(&admin))
        .await
        .json()["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["measure"] == 6 && r["division"]["code"] == "GLA")
        .map(|r| r["id"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    assert_eq!(
        t.call(
            Method::DELETE,
            &format!("/api/v1/work-distribution/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.get("/api/v1/route?measure=6", Some(&admin)).await.json()["leading"]["code"],
        "FT"
    );
    let trail = t
        .get(
            "/api/v1/audit?object_type=work_distribution",
            Some(&auditor),
        )
        .await
        .json();
    assert_eq!(trail["items"][0]["action"], "work_distribution_row_removed");
    assert_eq!(trail["items"][0]["before"]["division"], "GLA");
}

#[tokio::test]
async fn one_division_leads_and_places_stay_dense_after_edits() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    // Flag IP1 as leading for measure 1: IP3 is no longer flagged.
    let r = t.call(Method::PUT, "/api/v1/work-distribution", Some(&admin), Some(json!({"measure": 1, "division": "IP1", "leading": true, "chief": {"name": "刘建国"}, "contact": {"name": "孙丽"}}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let m1 = t.get("/api/v1/measures/1", None).await.json();
    let flagged: Vec<&str> = m1["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["leading_flag"] == true)
        .filter_map(|r| r["division"]["code"].as_str())
        .collect();
    assert_eq!(flagged, vec!["IP1"]);
    assert_eq!(
        t.get("/api/v1/route?measure=1", Some(&admin)).await.json()["leading"]["code"],
        "IP1"
    );
    // An item typed in other case and spacing is the same item, not a new row.
    let r = t.call(Method::PUT, "/api/v1/work-distribution", Some(&admin), Some(json!({"measure": 2, "item": "  Bonuses   AND awards ", "division": "IP3", "leading": true}))).await;
    assert_eq!(r.json()["created"], 0, "{}", r.text());
    assert_eq!(
        t.get(
            "/api/v1/route?measure=2&item=bonuses%20and%20awards",
            Some(&admin)
        )
        .await
        .json()["leading"]["code"],
        "IP3"
    );
    // Remove a row in the middle of measure 4; export and re-import: nothing changes.
    let table = t
        .get("/api/v1/work-distribution", Some(&admin))
        .await
        .json();
    let id = table["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["measure"] == 4 && r["division"]["code"] == "IP3")
        .and_then(|r| r["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        t.call(
            Method::DELETE,
            &format!("/api/v1/work-distribution/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let file = t
        .get("/api/v1/work-distribution/export?format=csv", Some(&admin))
        .await;
    let r = upload(&t, &admin, "export.csv", &file.body, &[])
        .await
        .json();
    assert_eq!(
        (r["created"].as_i64(), r["updated"].as_i64()),
        (Some(0), Some(0)),
        "{r}"
    );
}

#[tokio::test]
async fn admins_place_people_in_the_working_group_and_link_accounts() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    let (staff, staff_token) = t
        .user_with_token("s@example.cn", "division_staff", Some("IP1"))
        .await;
    let people = t
        .get("/api/v1/people?q=%E5%88%98%E5%BB%BA%E5%9B%BD", Some(&admin))
        .await
        .json();
    let liu = people["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let people = t
        .get("/api/v1/people?q=%E9%99%88%E5%BF%97%E5%BC%BA", Some(&admin))
        .await
        .json();
    let chen = people["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let url = format!("/api/v1/people/{liu}");
    let body = json!({"wg_role": "leader", "title": "局长 Director", "email": "Liu@Bureau.cn", "user_id": staff.id});
    assert_eq!(
        t.call(Method::PUT, &url, Some(&staff_token), Some(body.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = t.call(Method::PUT, &url, Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["email"], "liu@bureau.cn");
    let wg = t.get("/api/v1/working-group", Some(&admin)).await.json();
    assert_eq!(wg["leader"]["name"], "刘建国");
    let r = t
        .call(
            Method::PUT,
            &format!("/api/v1/people/{chen}"),
            Some(&admin),
            Some(json!({"wg_role": "leader"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "leader_taken");
    let r = t
        .call(
            Method::PUT,
            &format!("/api/v1/people/{chen}"),
            Some(&admin),
            Some(json!({"wg_role": "deputy_leader", "rank": 2})),
        )
        .await;
    assert_eq!(
        r.json()["errors"][0]["field"],
        "rank",
        "unknown fields are named"
    );
    let r = t
        .call(
            Method::PUT,
            &url,
            Some(&admin),
            Some(json!({"email": null})),
        )
        .await;
    assert!(r.json()["email"].is_null(), "null clears the e-mail");
    assert_eq!(r.json()["wg_role"], "leader", "absent fields stay");
}
