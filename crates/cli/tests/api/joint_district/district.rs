//! District work: a district official's scope is the district, and they act there for its
//! enterprises (register, open cases, file reports, designate officials), never elsewhere.

use super::*;

/// A valid USCC from its first 17 characters.
fn uscc(first17: &str) -> String {
    let check = domain::uscc::check_char(first17.as_bytes()).unwrap_or('?');
    format!("{first17}{check}")
}

/// An enterprise of Ganjingzi District (210211), registered by the admin.
async fn firm_in_ganjingzi(b: &Bureau) -> String {
    let uscc = uscc("91210211MA0QC0000");
    let r = b
        .t
        .post("/api/v1/enterprises", Some(&b.admin), json!({"uscc": uscc, "name": "甘井子机械有限公司", "district": "210211", "kinds": ["foreign_invested"]}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    uscc
}

#[tokio::test]
async fn a_district_official_sees_the_districts_cases_and_not_anothers() {
    let b = bureau().await;
    let firm_g = firm_in_ganjingzi(&b).await;
    let (_, ganjingzi) =
        b.t.user_with_token("gjz@example.cn", "district_official", Some("210211"))
            .await;
    let case_a = id_of(&open_case(&b, &b.staff_ip3, FIRM_A).await);
    let case_b = id_of(&open_case(&b, &b.firm_b, FIRM_B).await);
    let case_g = id_of(&open_case(&b, &b.staff_ip3, &firm_g).await);
    // Zhongshan's official: both Zhongshan enterprises and their cases, designated or not.
    let list = b.t.get("/api/v1/cases", Some(&b.official)).await.json();
    assert_eq!(total(&list), 2, "{list}");
    for c in [&case_a, &case_b] {
        let r =
            b.t.get(&format!("/api/v1/cases/{c}"), Some(&b.official))
                .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let firms =
        b.t.get("/api/v1/enterprises", Some(&b.official))
            .await
            .json();
    assert_eq!(total(&firms), 2, "{firms}");
    // Not Ganjingzi's: its case and its enterprise look missing.
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{case_g}"), Some(&b.official))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/enterprises/{firm_g}"), Some(&b.official))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // And Ganjingzi's official sees Ganjingzi's only.
    let theirs = b.t.get("/api/v1/cases", Some(&ganjingzi)).await.json();
    assert_eq!(total(&theirs), 1, "{theirs}");
    assert_eq!(theirs["items"][0]["id"], case_g.as_str());
}

#[tokio::test]
async fn a_district_official_registers_opens_a_case_and_files_a_report_in_the_district() {
    let b = bureau().await;
    let uscc = uscc("91210202MA0QC7770");
    let enterprise = json!({"uscc": uscc, "name": "中山食品有限公司", "district": "210202", "kinds": ["foreign_trade"]});
    // Not in another district.
    let mut elsewhere = enterprise.clone();
    elsewhere["district"] = json!("210211");
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.official), elsewhere)
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "district");
    assert_eq!(r.json()["errors"][0]["code"], "outside_your_district");
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.official), enterprise)
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // A case for it, in the official's list at once (no designation needed).
    let case = open_case(&b, &b.official, &uscc).await;
    assert_eq!(case["division"], "IP3");
    let list =
        b.t.get(
            &format!("/api/v1/cases?enterprise={uscc}"),
            Some(&b.official),
        )
        .await
        .json();
    assert_eq!(total(&list), 1, "{list}");
    // A resumption report on the enterprise's behalf, saying who filed it.
    let r = b
        .t
        .post(
            &format!("/api/v1/enterprises/{uscc}/reports"),
            Some(&b.official),
            json!({"report_date": "2026-03-02", "employees_returned": 40, "employees_total": 50, "capacity_pct": 70, "resumed": true, "difficulties": "缺少包装材料"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(
        r.json()["filed_by"].as_str() == Some("official@example.cn"),
        "{}",
        r.text()
    );
    let firm =
        b.t.get(&format!("/api/v1/enterprises/{uscc}"), Some(&b.official))
            .await
            .json();
    assert_eq!(firm["status"], "resumed");
    // The audit trail records it as done by the official for the enterprise.
    let (_, auditor) =
        b.t.user_with_token("audit@example.cn", "auditor", None)
            .await;
    let trail =
        b.t.get(
            &format!("/api/v1/audit?object_type=enterprise&object_id={uscc}"),
            Some(&auditor),
        )
        .await
        .json();
    let entry = trail["items"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|e| e["action"] == "resumption_reported")
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(entry["after"]["on_behalf_of_enterprise"], true, "{trail}");
    assert_eq!(entry["actor"], "official@example.cn", "{entry}");
}

#[tokio::test]
async fn a_district_official_designates_officials_of_the_district_only() {
    let b = bureau().await;
    let firm_g = firm_in_ganjingzi(&b).await;
    let url = format!("/api/v1/enterprises/{FIRM_A}/liaison");
    let put = |url: String, body: Value| {
        let b = &b;
        async move {
            b.t.call(Method::PUT, &url, Some(&b.official), Some(body))
                .await
        }
    };
    let r = put(
        url.clone(),
        json!({"official": b.official_id, "reason": "属地管理"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["official_id"], b.official_id.as_str());
    // An official of another district is refused, naming the field.
    let r = put(url.clone(), json!({"official": b.other_official_id})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "official");
    assert_eq!(r.json()["errors"][0]["code"], "wrong_district");
    // Another district's enterprise is not theirs to designate for.
    let r = put(
        format!("/api/v1/enterprises/{firm_g}/liaison"),
        json!({"official": b.other_official_id}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    // The bureau contact stays the bureau's to name.
    let people =
        b.t.get("/api/v1/people?q=%E8%B5%B5%E5%A9%B7", Some(&b.admin))
            .await
            .json();
    let zhao_ting = people["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = put(
        url.clone(),
        json!({"official": b.official_id, "contact": zhao_ting}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let history =
        b.t.get(
            &format!("/api/v1/enterprises/{FIRM_A}/designations"),
            Some(&b.official),
        )
        .await
        .json();
    assert_eq!(history["total"], 1, "{history}");
    assert_eq!(history["items"][0]["reason"], "属地管理");
}

#[tokio::test]
async fn on_the_pages_an_official_registers_an_enterprise_opens_a_case_and_reports() {
    let b = bureau().await;
    let (session, csrf) =
        b.t.browser_login("official@example.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let registry = b.t.page("/staff/enterprises", &session).await.text();
    assert!(
        registry.contains("action=\"/staff/enterprises\""),
        "the register form"
    );
    assert!(
        !registry.contains("href=\"/staff/enterprises/import\""),
        "no import offered: it would refuse them"
    );
    assert!(
        !registry.contains("value=\"210211\""),
        "only the official's district is offered"
    );
    let firm = uscc("91210202MA0QC8880");
    let r = b
        .t
        .form(
            "/staff/enterprises",
            &session,
            &format!("_csrf={csrf}&uscc={firm}&name=%E4%B8%AD%E5%B1%B1%E5%95%86%E8%B4%B8&district=210211&kinds=foreign_trade"),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "another district"
    );
    assert!(r.text().contains("role=\"alert\""));
    let r = b
        .t
        .form(
            "/staff/enterprises",
            &session,
            &format!("_csrf={csrf}&uscc={firm}&name=%E4%B8%AD%E5%B1%B1%E5%95%86%E8%B4%B8&district=210202&kinds=foreign_trade"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some(format!("/staff/enterprises/{firm}").as_str())
    );
    let r = b
        .t
        .form(
            &format!("/staff/enterprises/{firm}/cases"),
            &session,
            &format!("_csrf={csrf}&subject=%E7%BC%BA%E5%B7%A5&category=staff_shortage&body=%E5%B7%A5%E4%BA%BA%E6%9C%AA%E8%BF%94%E5%B2%97"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        r.header("location")
            .is_some_and(|l| l.starts_with("/staff/cases/"))
    );
    let r = b
        .t
        .form(
            &format!("/staff/enterprises/{firm}/reports"),
            &session,
            &format!("_csrf={csrf}&report_date=2026-03-02&employees_returned=5&employees_total=10&capacity_pct=50&difficulties="),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let file =
        b.t.page(&format!("/staff/enterprises/{firm}"), &session)
            .await
            .text();
    assert!(file.contains("缺工"), "the case is on the file");
    assert!(
        file.contains("official@example.cn"),
        "the report says who filed it"
    );
    let cases =
        b.t.get(
            &format!("/api/v1/cases?enterprise={firm}"),
            Some(&b.official),
        )
        .await
        .json();
    assert_eq!(total(&cases), 1);
    assert_eq!(cases["items"][0]["channel"], "visit");
}
