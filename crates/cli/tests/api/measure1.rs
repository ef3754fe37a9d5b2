//! Measure 1: the enterprise registry, designations and the shared case engine.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::TestApp;

const TABLE: &str = include_str!("../../../app/fixtures/work-distribution.csv");
const FIRM_A: &str = "91210200MA0QC1234F";
const FIRM_B: &str = "91440300708461136T";

/// A bureau with the work-distribution table, two enterprises in Zhongshan District, and
/// tokens for every role that works cases.
struct Bureau {
    t: TestApp,
    admin: String,
    chief_ip3: String,
    staff_ip3: String,
    staff_ft: String,
    official: String,
    official_id: String,
    other_official_id: String,
    firm_a: String,
    firm_b: String,
    reviewer: String,
}

async fn bureau() -> Bureau {
    let t = TestApp::new().await;
    let ctx = app::Ctx::system("test");
    let r = app::org::import::import(
        &t.app,
        &ctx,
        TABLE.as_bytes(),
        app::files::Format::Csv,
        false,
        app::org::import::Mode::Strict,
    )
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(r.written);
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let (_, chief_ip3) = t
        .user_with_token("chief@example.cn", "division_chief", Some("IP3"))
        .await;
    let (_, staff_ip3) = t
        .user_with_token("ip3@example.cn", "division_staff", Some("IP3"))
        .await;
    let (_, staff_ft) = t
        .user_with_token("ft@example.cn", "division_staff", Some("FT"))
        .await;
    let (o, official) = t
        .user_with_token("official@example.cn", "district_official", Some("210202"))
        .await;
    let (o2, _) = t
        .user_with_token("other@example.cn", "district_official", Some("210211"))
        .await;
    let (_, firm_a) = t
        .user_with_token("a@firm.cn", "enterprise_user", Some(FIRM_A))
        .await;
    let (_, firm_b) = t
        .user_with_token("b@firm.cn", "enterprise_user", Some(FIRM_B))
        .await;
    let (_, reviewer) = t.user_with_token("r@example.cn", "reviewer", None).await;
    for (uscc, name) in [
        (FIRM_A, "大连海湾精密制造有限公司"),
        (FIRM_B, "深圳湾贸易有限公司"),
    ] {
        let r = t
            .post("/api/v1/enterprises", Some(&admin), json!({"uscc": uscc, "name": name, "district": "210202", "kinds": ["foreign_invested"], "investor_country": "jp", "employees": 120}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    Bureau {
        t,
        admin,
        chief_ip3,
        staff_ip3,
        staff_ft,
        official,
        official_id: o.id.to_string(),
        other_official_id: o2.id.to_string(),
        firm_a,
        firm_b,
        reviewer,
    }
}

async fn open_case(b: &Bureau, token: &str, enterprise: &str) -> Value {
    let r = b
        .t
        .post("/api/v1/cases", Some(token), json!({"kind": "difficulty", "enterprise": enterprise, "subject": "原材料断供", "body": "主要供应商停工，库存只够一周。", "category": "raw_materials", "channel": "portal"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn uscc_is_checked_with_reasons() {
    let b = bureau().await;
    let mut body = json!({"uscc": "91210200MA0QC1234G", "name": "X", "district": "210202", "kinds": ["foreign_trade"]});
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "uscc");
    assert_eq!(r.json()["errors"][0]["code"], "uscc_check_digit");
    body["uscc"] = json!("91210200MA0QC123");
    assert_eq!(
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await
            .json()["errors"][0]["code"],
        "uscc_length"
    );
    body["uscc"] = json!("91210200MA0QC12O4F");
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body.clone())
            .await
            .json();
    assert_eq!(r["errors"][0]["code"], "uscc_banned_letter");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("I, O, S, V or Z")
    );
    body["uscc"] = json!(FIRM_A.to_lowercase());
    let r =
        b.t.post("/api/v1/enterprises", Some(&b.admin), body)
            .await
            .json();
    assert_eq!(
        r["errors"][0]["code"], "duplicate",
        "lower case is the same USCC: {r}"
    );
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
async fn every_role_sees_only_its_scope() {
    let b = bureau().await;
    let case_a = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let case_b = open_case(&b, &b.firm_b, FIRM_B).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let total = |v: Value| v["total"].as_i64().unwrap_or(-1);

    // Division staff: their division's cases; FT has none yet.
    assert_eq!(
        total(
            b.t.get("/api/v1/cases?status=open", Some(&b.staff_ip3))
                .await
                .json()
        ),
        2
    );
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.staff_ft)).await.json()),
        0
    );
    let outside =
        b.t.get(&format!("/api/v1/cases/{case_a}"), Some(&b.staff_ft))
            .await;
    let missing =
        b.t.get(
            &format!("/api/v1/cases/{}", uuid::Uuid::now_v7()),
            Some(&b.staff_ft),
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    assert_eq!(
        outside.body, missing.body,
        "out of scope looks like missing"
    );

    // Enterprise users: their own only, even when asking for another's.
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.firm_a)).await.json()),
        1
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{case_b}"), Some(&b.firm_a))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/enterprises/{FIRM_B}"), Some(&b.firm_a))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        total(
            b.t.get(
                &format!("/api/v1/cases?enterprise={FIRM_B}"),
                Some(&b.firm_a)
            )
            .await
            .json()
        ),
        0
    );
    let r = b.t.post("/api/v1/cases", Some(&b.firm_a), json!({"kind": "difficulty", "enterprise": FIRM_B, "subject": "s", "body": "b", "channel": "portal"})).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cannot file for another enterprise"
    );

    // District officials: nothing until an enterprise is designated to them.
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.official)).await.json()),
        0
    );
    assert_eq!(
        total(
            b.t.get("/api/v1/enterprises", Some(&b.official))
                .await
                .json()
        ),
        0
    );
    let r =
        b.t.call(
            Method::PUT,
            &format!("/api/v1/enterprises/{FIRM_A}/liaison"),
            Some(&b.admin),
            Some(json!({"official": b.official_id, "reason": "属地管理"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        total(b.t.get("/api/v1/cases", Some(&b.official)).await.json()),
        1
    );
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{case_b}"), Some(&b.official))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Roles without cases see none.
    assert_eq!(
        b.t.get("/api/v1/cases", Some(&b.reviewer)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn designation_checks_the_district_and_the_table_and_keeps_history() {
    let b = bureau().await;
    let url = format!("/api/v1/enterprises/{FIRM_A}/liaison");
    let r =
        b.t.call(
            Method::PUT,
            &url,
            Some(&b.admin),
            Some(json!({"official": b.other_official_id})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["code"], "wrong_district");
    let people =
        b.t.get("/api/v1/people?q=%E8%B5%B5%E5%A9%B7", Some(&b.admin))
            .await
            .json();
    let zhao_ting = people["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let people =
        b.t.get("/api/v1/people?q=%E5%90%B4%E7%A3%8A", Some(&b.admin))
            .await
            .json();
    let wu_lei = people["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r =
        b.t.call(
            Method::PUT,
            &url,
            Some(&b.admin),
            Some(json!({"official": b.official_id, "contact": wu_lei})),
        )
        .await;
    assert_eq!(
        r.json()["errors"][0]["code"],
        "not_a_measure_1_contact",
        "吴磊 is FT's contact, not measure 1's"
    );
    let r =
        b.t.call(
            Method::PUT,
            &url,
            Some(&b.staff_ip3),
            Some(json!({"official": b.official_id, "contact": zhao_ting, "reason": "首次指定"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["contact_person_id"], zhao_ting);
    b.t.call(
        Method::PUT,
        &url,
        Some(&b.staff_ip3),
        Some(json!({"official": null, "contact": zhao_ting, "reason": "联系领导调岗"})),
    )
    .await;
    let history =
        b.t.get(
            &format!("/api/v1/enterprises/{FIRM_A}/designations"),
            Some(&b.admin),
        )
        .await
        .json();
    assert_eq!(history["total"], 2, "{history}");
    assert_eq!(history["items"][0]["reason"], "联系领导调岗");
    assert_eq!(
        b.t.call(
            Method::PUT,
            &url,
            Some(&b.official),
            Some(json!({"official": b.official_id}))
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "officials do not designate themselves"
    );
    let undesignated =
        b.t.get("/api/v1/enterprises?undesignated=true", Some(&b.admin))
            .await
            .json();
    assert_eq!(undesignated["total"], 2, "both still lack an official");
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
    assert_eq!(
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
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

fn multipart(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "lifeline-enterprises";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    t: &TestApp,
    token: &str,
    name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> testkit::Res {
    let (ct, body) = multipart(name, bytes, fields);
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/enterprises/import")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    t.send(req).await
}

const HEADER: &str = "uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n";

#[tokio::test]
async fn the_enterprise_import_names_every_defect_and_updates_by_uscc() {
    let b = bureau().await;
    let file = format!(
        "{HEADER}\
         91210200MA0QC1234F,大连海湾精密制造有限公司,Dalian Bay,210202,foreign_invested;foreign_trade,JP,machinery,,王经理,13800000001,a@b.cn,150\n\
         91210200MA0QC1234G,校验位错误公司,,210202,foreign_trade,,,,,,,\n\
         912102112412345674,新企业一号,,210211,foreign_trade,KR,,,,1380000001,,12\n\
         912102112412345674,新企业一号重复,,210211,foreign_trade,,,,,,,\n\
         91440300708461136T,,,999999,bakery,Japan,,,,,not-an-email,-3\n"
    );
    let r = upload(&b.t, &b.admin, "e.csv", file.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let report = r.json()["report"].clone();
    let errors: Vec<String> = report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "row {} {} \"{}\"",
                p["row"],
                p["column"].as_str().unwrap_or(""),
                p["value"].as_str().unwrap_or("")
            )
        })
        .collect();
    for expected in [
        "row 3 uscc \"91210200MA0QC1234G\"",
        "row 4 contact_mobile \"1380000001\"",
        "row 5 uscc \"912102112412345674\"",
        "row 6 name \"\"",
        "row 6 district \"999999\"",
        "row 6 kinds \"bakery\"",
        "row 6 investor_country \"Japan\"",
        "row 6 contact_email \"not-an-email\"",
        "row 6 employees \"-3\"",
    ] {
        assert!(
            errors.iter().any(|e| e == expected),
            "{expected} missing from {errors:#?}"
        );
    }
    assert_eq!(
        report["updated"], 1,
        "row 2 updates the registered enterprise: {report}"
    );
    // Nothing was written: the existing enterprise keeps its old name.
    assert_eq!(
        b.t.get(&format!("/api/v1/enterprises/{FIRM_A}"), Some(&b.admin))
            .await
            .json()["name_en"],
        serde_json::Value::Null
    );

    let r = upload(
        &b.t,
        &b.admin,
        "e.csv",
        file.as_bytes(),
        &[("skip_invalid", "true")],
    )
    .await
    .json();
    assert_eq!(
        (
            r["created"].as_i64(),
            r["updated"].as_i64(),
            r["written"].as_bool()
        ),
        (Some(0), Some(1), Some(true)),
        "{r}"
    );
    let e =
        b.t.get(&format!("/api/v1/enterprises/{FIRM_A}"), Some(&b.admin))
            .await
            .json();
    assert_eq!(e["name_en"], "Dalian Bay");
    assert_eq!(e["kinds"], json!(["foreign_invested", "foreign_trade"]));

    // Export then import: unchanged, in both formats; a formula-like name survives the round trip.
    let r = b.t.post("/api/v1/enterprises", Some(&b.admin), json!({"uscc": "912102112412345674", "name": "=HYPERLINK(\"x\")", "district": "210211", "kinds": ["foreign_trade"]})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    for format in ["csv", "xlsx"] {
        let file =
            b.t.get(
                &format!("/api/v1/enterprises/export?format={format}"),
                Some(&b.admin),
            )
            .await;
        assert_eq!(file.status, StatusCode::OK);
        if format == "csv" {
            assert!(
                file.text().contains("'=HYPERLINK"),
                "the export neutralises formulas"
            );
        }
        let r = upload(&b.t, &b.admin, &format!("e.{format}"), &file.body, &[])
            .await
            .json();
        assert_eq!(
            (
                r["created"].as_i64(),
                r["updated"].as_i64(),
                r["unchanged"].as_i64()
            ),
            (Some(0), Some(0), Some(3)),
            "{format}: {r}"
        );
    }
    assert_eq!(
        b.t.get("/api/v1/enterprises/export", Some(&b.firm_a))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn resumption_reports_and_the_dashboard_count_what_was_filed() {
    let b = bureau().await;
    let url = format!("/api/v1/enterprises/{FIRM_A}/reports");
    let bad = b.t.post(&url, Some(&b.firm_a), json!({"report_date": "2020-02-30", "employees_returned": 90, "employees_total": 80, "capacity_pct": 120, "resumed": false})).await;
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        fields,
        ["report_date", "employees_returned", "capacity_pct"]
    );
    let ok = b.t.post(&url, Some(&b.firm_a), json!({"report_date": "2020-02-15", "employees_returned": 90, "employees_total": 120, "capacity_pct": 85, "resumed": true, "difficulties": "物流"})).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text());
    assert_eq!(b.t.post(&format!("/api/v1/enterprises/{FIRM_B}/reports"), Some(&b.firm_a), json!({"report_date": "2020-02-15", "employees_returned": 1, "employees_total": 1, "capacity_pct": 1, "resumed": true})).await.status, StatusCode::NOT_FOUND, "not for another enterprise");
    assert_eq!(
        b.t.get(&format!("/api/v1/enterprises/{FIRM_A}"), Some(&b.admin))
            .await
            .json()["status"],
        "resumed"
    );
    assert_eq!(b.t.get(&url, Some(&b.staff_ip3)).await.json()["total"], 1);

    open_case(&b, &b.staff_ip3, FIRM_B).await;
    let dash = app::enterprises::dashboard::dashboard(&b.t.app, &app::Ctx::system("test"))
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let zs = dash
        .districts
        .iter()
        .find(|d| d.code == "210202")
        .unwrap_or_else(|| panic!("no 210202"));
    assert_eq!((zs.enterprises, zs.resumed, zs.rate_pct), (2, 1, 50));
    let raw = dash
        .categories
        .iter()
        .find(|c| c.category == "raw_materials")
        .map(|c| (c.open, c.total));
    assert_eq!(raw, Some((1, 1)), "one open raw-materials difficulty");
    // The figures equal a count of the underlying records.
    let cases =
        b.t.get("/api/v1/cases?kind=difficulty", Some(&b.admin))
            .await
            .json()["total"]
            .as_i64()
            .unwrap_or(-1);
    assert_eq!(dash.categories.iter().map(|c| c.total).sum::<i64>(), cases);
}

#[tokio::test]
async fn closed_cases_are_not_escalated_and_blank_enterprises_are_refused() {
    let b = bureau().await;
    let id = open_case(&b, &b.staff_ip3, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for s in ["in_progress", "resolved", "closed"] {
        b.t.post(
            &format!("/api/v1/cases/{id}/status"),
            Some(&b.staff_ip3),
            json!({"status": s}),
        )
        .await;
    }
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/escalate"),
            Some(&b.staff_ip3),
            json!({"reason": "late"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "case_not_open");
    let r = b.t.post("/api/v1/cases", Some(&b.staff_ip3), json!({"kind": "difficulty", "enterprise": "  ", "subject": "s", "body": "b", "channel": "hotline"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "enterprise");
    // An import may touch any enterprise, so district officials may not import.
    let file = format!("{HEADER}{FIRM_B},改名,,210202,foreign_trade,,,,,,,\n");
    assert_eq!(
        upload(&b.t, &b.official, "e.csv", file.as_bytes(), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
