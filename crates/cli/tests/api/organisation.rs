//! The organisation and the Table of Work Distribution (measure 10 and the attachment).

use axum::http::StatusCode;
use serde_json::Value;
use testkit::TestApp;

pub(crate) const AS_PRINTED: &str =
    include_str!("../../../app/fixtures/work-distribution-as-printed.csv");
pub(crate) const CORRECTED: &str = include_str!("../../../app/fixtures/work-distribution.csv");

pub(crate) async fn upload(
    t: &TestApp,
    token: &str,
    file_name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> testkit::Res {
    t.upload(
        "/api/v1/work-distribution/import",
        token,
        file_name,
        bytes,
        fields,
    )
    .await
}

fn problems(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "row {}, column {}, value \"{}\": {}",
                p["row"],
                p["column"].as_str().unwrap_or(""),
                p["value"].as_str().unwrap_or(""),
                p["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

pub(crate) async fn admin(t: &TestApp) -> String {
    t.user_with_token("admin@example.cn", "admin", None).await.1
}

#[tokio::test]
async fn the_table_as_printed_reports_its_real_defects_and_writes_nothing() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let r = upload(&t, &admin, "as-printed.csv", AS_PRINTED.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let body = r.json();
    let errors = problems(&body["report"], "errors");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("row 3, column contact_mobile, value \"1390411020\": a mobile number has 11 digits; this one has 10"), "{errors:#?}");
    assert!(
        errors[1].contains("row 17, column chief_mobile")
            && errors[1].contains("李红 has a different mobile number in row 6"),
        "{errors:#?}"
    );
    let warnings = problems(&body["report"], "warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("row 10") && w.contains("王小明") && w.contains("王晓明")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("row 18") && w.contains("another name of OIEC")),
        "{warnings:#?}"
    );
    assert_eq!(body["errors"][0]["field"], "row 3, column contact_mobile");
    let table = t
        .get("/api/v1/work-distribution", Some(&admin))
        .await
        .json();
    assert_eq!(
        table["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was written"
    );
}

#[tokio::test]
async fn the_corrected_table_routes_work() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let r = upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["created"], 24);
    assert_eq!(r.json()["warnings"].as_array().map(Vec::len), Some(0));

    let m1 = t.get("/api/v1/measures/1", None).await.json();
    let divs: Vec<(&str, bool)> = m1["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["division"]["code"].as_str().unwrap_or(""),
                r["leading"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(divs, vec![("IP3", true), ("IP2", false), ("IP1", false)]);
    let chief = &m1["responsibilities"][0]["chief"];
    assert_eq!(chief["name"], "王晓明");
    assert_eq!(chief["office_phone"]["tel"], "+8641183630301");
    assert_eq!(
        chief["mobile"]["display"], "138****0301",
        "anonymous callers see masked mobiles"
    );
    assert!(chief["mobile"]["tel"].is_null());

    let m10 = t.get("/api/v1/measures/10", None).await.json();
    let mut codes: Vec<&str> = m10["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["division"]["code"].as_str())
        .collect();
    codes.sort();
    assert_eq!(codes, vec!["FT", "GLA", "IP1", "IP2", "IP3", "OIEC"]);

    let r6 = t.get("/api/v1/route?measure=6", Some(&admin)).await.json();
    assert_eq!(r6["leading"]["code"], "FT");
    let r2 = t
        .get(
            "/api/v1/route?measure=2&item=online%20training%E2%80%A6",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(r2["leading"]["code"], "OIEC", "{r2}");
    let r2b = t
        .get(
            "/api/v1/route?measure=2&item=bonuses%20and%20awards",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(r2b["leading"]["code"], "IP3");
    let bad = t
        .get("/api/v1/route?measure=2&item=parking", Some(&admin))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("online training for staff sent abroad")
    );
    // Measure 7 flags no leader: the first row leads.
    assert_eq!(
        t.get("/api/v1/route?measure=7", Some(&admin)).await.json()["leading"]["code"],
        "GLA"
    );
}

#[tokio::test]
async fn export_then_import_changes_nothing_in_both_formats() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    assert_eq!(
        upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[])
            .await
            .status,
        StatusCode::OK
    );
    let (_, auditor) = t
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    let audit_before = t.get("/api/v1/audit?limit=1", Some(&auditor)).await.json()["total"].clone();
    for format in ["csv", "xlsx"] {
        let file = t
            .get(
                &format!("/api/v1/work-distribution/export?format={format}"),
                Some(&admin),
            )
            .await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(
            file.header("content-disposition")
                .unwrap_or("")
                .contains(&format!("work-distribution.{format}"))
        );
        let r = upload(&t, &admin, &format!("export.{format}"), &file.body, &[])
            .await
            .json();
        assert_eq!(
            (
                r["created"].as_i64(),
                r["updated"].as_i64(),
                r["unchanged"].as_i64()
            ),
            (Some(0), Some(0), Some(24)),
            "{format}: {r}"
        );
        assert_eq!(r["people_updated"], 0);
    }
    let audit_after = t.get("/api/v1/audit?limit=1", Some(&auditor)).await.json()["total"].clone();
    assert_eq!(
        audit_before, audit_after,
        "a no-op import writes no audit entries"
    );
}

#[tokio::test]
async fn xlsx_imports_catch_each_defect_class() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let header: Vec<&str> = app::org::import::HEADER.to_vec();
    let row = |cells: [&str; 10]| {
        cells
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<String>>()
    };
    let rows = vec![
        row([
            "1",
            "",
            "IP3",
            "yes",
            "王晓明",
            "83630301",
            "13804110301",
            "赵婷",
            "83630302",
            "13904110302",
        ]),
        row([
            "1",
            "",
            "Investment Promotion Division IV",
            "",
            "陈志强",
            "83630201",
            "13804110201",
            "周敏",
            "83630202",
            "13904110202",
        ]),
        row([
            "3",
            "",
            "IP3",
            "maybe",
            "王晓明",
            "83630301",
            "13804110301",
            "赵婷",
            "83630302",
            "1390411030",
        ]),
        row([
            "4",
            "",
            "IP2",
            "",
            "王晓明",
            "83630301",
            "13804119999",
            "周敏",
            "83630202",
            "13904110202",
        ]),
        row([
            "5",
            "",
            "IP1",
            "",
            "王小明",
            "83630301",
            "13804110301",
            "孙丽",
            "8363010",
            "13904110102",
        ]),
        row(["11", "", "FT", "", "李红", "", "", "", "", ""]),
    ];
    let bytes =
        app::imports::write::write_xlsx("t", &header, &rows).unwrap_or_else(|e| panic!("{e}"));
    let r = upload(&t, &admin, "defects.xlsx", &bytes, &[("dry_run", "true")]).await;
    assert_eq!(r.status, StatusCode::OK, "a dry run reports: {}", r.text());
    let body = r.json();
    let errors = problems(&body, "errors");
    let has = |needle: &str| errors.iter().any(|e| e.contains(needle));
    assert!(
        has(
            "row 3, column division, value \"Investment Promotion Division IV\": unknown division; the known divisions are IP1"
        ),
        "{errors:#?}"
    );
    assert!(has("row 4, column leading, value \"maybe\""), "{errors:#?}");
    assert!(
        has("row 4, column contact_mobile, value \"1390411030\": a mobile number has 11 digits"),
        "{errors:#?}"
    );
    assert!(
        has(
            "row 5, column chief_mobile, value \"13804119999\": 王晓明 has a different mobile number in row 2"
        ),
        "{errors:#?}"
    );
    assert!(
        has(
            "row 6, column contact_office_phone, value \"8363010\": a local office number has 8 digits"
        ),
        "{errors:#?}"
    );
    assert!(has("row 7, column measure, value \"11\""), "{errors:#?}");
    let warnings = problems(&body, "warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("row 6") && w.contains("王小明") && w.contains("王晓明")),
        "{warnings:#?}"
    );
    assert_eq!(body["written"], false);
    assert_eq!(
        t.get("/api/v1/work-distribution", Some(&admin))
            .await
            .json()["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn skip_invalid_writes_the_valid_rows_and_returns_the_rejects() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let r = upload(
        &t,
        &admin,
        "as-printed.csv",
        AS_PRINTED.as_bytes(),
        &[("skip_invalid", "true")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["written"], true);
    assert_eq!(body["created"], 22);
    let rejected: Vec<i64> = body["rejects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["row"].as_i64())
        .collect();
    assert_eq!(rejected, vec![3, 17]);
    assert!(
        body["rejects"][0]["reasons"][0]
            .as_str()
            .unwrap_or("")
            .contains("11 digits")
    );
    assert_eq!(
        t.get("/api/v1/work-distribution", Some(&admin))
            .await
            .json()["items"]
            .as_array()
            .map(Vec::len),
        Some(22)
    );
}

#[tokio::test]
async fn mobiles_are_shown_only_to_roles_that_need_them() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    let (_, staff) = t
        .user_with_token("s@example.cn", "division_staff", Some("FT"))
        .await;
    let (_, reviewer) = t.user_with_token("r@example.cn", "reviewer", None).await;
    let (_, firm) = t
        .user_with_token(
            "f@example.cn",
            "enterprise_user",
            Some("91440300708461136T"),
        )
        .await;
    let find = |v: &Value| {
        v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == "李红")
            .cloned()
            .unwrap_or_default()
    };
    let seen = find(
        &t.get("/api/v1/people?q=%E6%9D%8E", Some(&staff))
            .await
            .json(),
    );
    assert_eq!(seen["mobile"]["display"], "138 0411 0401");
    assert_eq!(seen["mobile"]["tel"], "+8613804110401");
    let masked = find(
        &t.get("/api/v1/people?q=%E6%9D%8E", Some(&reviewer))
            .await
            .json(),
    );
    assert_eq!(masked["mobile"]["display"], "138****0401");
    assert!(masked["mobile"]["tel"].is_null());
    assert_eq!(
        masked["office_phone"]["display"], "0411-83630401",
        "office numbers stay visible"
    );
    // The portal's users see the measures' contacts (masked) but not the bureau's directory.
    assert_eq!(
        t.get("/api/v1/people", Some(&firm)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        t.get("/api/v1/work-distribution", Some(&firm)).await.status,
        StatusCode::FORBIDDEN
    );
    let m6 = t.get("/api/v1/measures/6", Some(&firm)).await.json();
    assert_eq!(
        m6["responsibilities"][0]["chief"]["mobile"]["display"],
        "138****0401"
    );
    // The auditor reads the trail with mobiles masked too.
    let (_, auditor) = t.user_with_token("a@example.cn", "auditor", None).await;
    let trail = t
        .get("/api/v1/audit?object_type=person&limit=200", Some(&auditor))
        .await
        .text();
    assert!(
        trail.contains("138****0401") && !trail.contains("+8613804110401"),
        "{trail}"
    );
    assert_eq!(
        t.get(
            "/api/v1/work-distribution/export?format=csv",
            Some(&reviewer)
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "the export carries mobiles"
    );
    let search = t
        .get("/api/v1/people?q=83630401", Some(&staff))
        .await
        .json();
    assert_eq!(
        search["total"], 0,
        "the directory searches names, titles and e-mail only"
    );
    let by_division = t
        .get("/api/v1/people?division=GLA", Some(&staff))
        .await
        .json();
    assert_eq!(by_division["total"], 2);
    assert_eq!(
        t.get("/api/v1/people?division=XX", Some(&staff))
            .await
            .json()["errors"][0]["field"],
        "division"
    );
}
