//! The table's import and export: a round trip in both formats, each defect class of an XLSX
//! file, and skipping invalid rows with their rejects.

use axum::http::StatusCode;
use testkit::TestApp;

use super::*;

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

/// An XLSX table whose rows 3 to 7 each carry one class of defect (an unknown division, a
/// leading flag that is not yes or no, a short mobile, a person with two mobiles, a short office
/// number and a near-duplicate name, an unknown measure).
fn xlsx_with_defects() -> Vec<u8> {
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
    app::imports::write::write_xlsx("t", &header, &rows).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn xlsx_imports_catch_each_defect_class() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let bytes = xlsx_with_defects();
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
