//! Measure 1's registry: designations, enterprise import and export, resumption reports, the
//! dashboard's figures, and the rules around closed cases.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::TestApp;

use testkit::bureau::{FIRM_A, FIRM_B, bureau, open_case};

async fn upload(
    t: &TestApp,
    token: &str,
    name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> testkit::Res {
    t.upload("/api/v1/enterprises/import", token, name, bytes, fields)
        .await
}

const HEADER: &str = "uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n";

/// Row 2 updates the registered enterprise `FIRM_A`; rows 3 to 6 each carry defects.
fn file_with_defects() -> String {
    format!(
        "{HEADER}\
         91210200MA0QC1234F,大连海湾精密制造有限公司,Dalian Bay,210202,foreign_invested;foreign_trade,JP,machinery,,王经理,13800000001,a@b.cn,150\n\
         91210200MA0QC1234G,校验位错误公司,,210202,foreign_trade,,,,,,,\n\
         912102112412345674,新企业一号,,210211,foreign_trade,KR,,,,1380000001,,12\n\
         912102112412345674,新企业一号重复,,210211,foreign_trade,,,,,,,\n\
         91440300708461136T,,,999999,bakery,Japan,,,,,not-an-email,-3\n"
    )
}

#[tokio::test]
async fn the_enterprise_import_names_every_defect_and_writes_nothing() {
    let b = bureau().await;
    let file = file_with_defects();
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
}

#[tokio::test]
async fn skip_invalid_writes_the_valid_rows_and_updates_by_uscc() {
    let b = bureau().await;
    let file = file_with_defects();
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
}

#[tokio::test]
async fn an_export_imports_back_unchanged_in_both_formats() {
    let b = bureau().await;
    // A formula-like name survives the round trip.
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
    // District officials designate within their district: joint_district::district.
    let undesignated =
        b.t.get("/api/v1/enterprises?undesignated=true", Some(&b.admin))
            .await
            .json();
    assert_eq!(undesignated["total"], 2, "both still lack an official");
}
