//! The enterprise registry through the one import pipeline: every encoding alike, defects by
//! row, column, value and reason, dry run, skip-invalid with the refused rows, a neutralised
//! export.

use axum::http::StatusCode;
use testkit::TestApp;
use testkit::bureau::load_districts;

use super::imports::{defects, download, encodings, upload_every_encoding};

const PATH: &str = "/api/v1/enterprises/import";

const HEADER: &[&str] = &["统一社会信用代码", "企业名称", "区县", "企业类型", "地址"];

fn rows() -> Vec<&'static [&'static str]> {
    vec![
        HEADER,
        &[
            "912102112412345674",
            "大连甘井子贸易有限公司",
            "210211",
            "foreign_trade",
            "大连市甘井子区",
        ],
        &[
            "91210200MA0QC1234F",
            "大连海湾精密制造有限公司",
            "210202",
            "foreign_invested",
            "@SUM(1)",
        ],
    ]
}

async fn count(t: &TestApp, token: &str) -> i64 {
    let v = t.get("/api/v1/enterprises", Some(token)).await.json();
    v["total"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn enterprises_read_every_encoding_alike() {
    let t = TestApp::new().await;
    load_districts(&t).await;
    let admin = super::organisation::admin(&t).await;
    upload_every_encoding(&t, &admin, PATH, &rows()).await;
    let e = t
        .get("/api/v1/enterprises/912102112412345674", Some(&admin))
        .await
        .json();
    assert_eq!(e["name"], "大连甘井子贸易有限公司");
}

#[tokio::test]
async fn enterprises_defects_dry_run_skip_invalid_and_export() {
    let t = TestApp::new().await;
    load_districts(&t).await;
    let admin = super::organisation::admin(&t).await;
    let mut rows = rows();
    rows.push(&[
        "91210200MA0QC1234G",
        "校验位错误公司",
        "210202",
        "foreign_trade",
        "",
    ]);
    let (_, file) = encodings(&rows).swap_remove(3);

    let r = t.upload(PATH, &admin, "e.xlsx", &file, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let v = r.json();
    let found = defects(&v["report"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("row 4, column uscc, value \"91210200MA0QC1234G\": "),
        "{found:#?}"
    );
    assert_eq!(v["errors"][0]["field"], "row 4, column uscc");
    assert_eq!(v["report"]["created"], 2, "what the valid rows would do");
    assert_eq!(
        count(&t, &admin).await,
        0,
        "a strict import with defects writes nothing"
    );

    let r = t
        .upload(PATH, &admin, "e.xlsx", &file, &[("dry_run", "true")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (r.json()["created"].as_u64(), r.json()["written"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(count(&t, &admin).await, 0, "a dry run writes nothing");

    let r = t
        .upload(PATH, &admin, "e.xlsx", &file, &[("skip_invalid", "true")])
        .await;
    let v = r.json();
    assert_eq!(
        (v["created"].as_u64(), v["written"].as_bool()),
        (Some(2), Some(true)),
        "{v}"
    );
    assert_eq!(v["rejects"][0]["row"], 4);
    assert_eq!(count(&t, &admin).await, 2);

    let csv = download(&t, "/api/v1/enterprises/export?format=csv", &admin).await;
    assert!(csv.contains("'@SUM(1)") && !csv.contains(",@SUM"), "{csv}");
}

/// Issue 11: a district code that is well formed but not one of the city's districts
/// (Beijing's Dongcheng in a Dalian registry) is a defect like any other.
#[tokio::test]
async fn a_district_outside_the_city_is_refused_by_row_column_value_and_reason() {
    let t = TestApp::new().await;
    load_districts(&t).await;
    let admin = super::organisation::admin(&t).await;
    let mut rows = rows();
    rows.push(&[
        "91210200MA0QC1235J",
        "北京东城贸易有限公司",
        "110101",
        "foreign_trade",
        "北京市东城区",
    ]);
    let (name, file) = encodings(&rows).swap_remove(0);

    let r = t.upload(PATH, &admin, name, &file, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let v = r.json();
    let found = defects(&v["report"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "row 4, column district, value \"110101\": \"110101\" is not one of the city's districts (210202, 210203, "
        ),
        "{found:#?}"
    );
    assert_eq!(v["errors"][0]["field"], "row 4, column district");
    assert_eq!(
        count(&t, &admin).await,
        0,
        "a strict import with defects writes nothing"
    );

    let r = t
        .upload(PATH, &admin, name, &file, &[("skip_invalid", "true")])
        .await;
    let v = r.json();
    assert_eq!(
        (v["created"].as_u64(), v["written"].as_bool()),
        (Some(2), Some(true)),
        "{v}"
    );
    assert_eq!(v["rejects"][0]["row"], 4, "{v}");
    assert_eq!(count(&t, &admin).await, 2, "only the two Dalian rows");
    let r = t
        .get("/api/v1/enterprises/91210200MA0QC1235J", Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
}

/// Before the districts are loaded no district is the city's: the reason says what to do.
#[tokio::test]
async fn without_the_citys_districts_the_import_says_to_load_them() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    let (name, file) = encodings(&rows()).swap_remove(0);
    let r = t.upload(PATH, &admin, name, &file, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let found = defects(&r.json()["report"]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].ends_with("none are loaded yet (lifeline import districts)"),
        "{found:#?}"
    );
}

/// The benchmarks load `fixtures/districts.csv`; the tests and the demo load
/// `DALIAN_DISTRICTS`: the same districts.
#[test]
fn the_districts_fixture_is_the_demos_districts() {
    let fixture = include_str!("../../../app/fixtures/districts.csv");
    assert_eq!(fixture.trim_end(), app::demo::districts_csv());
}
