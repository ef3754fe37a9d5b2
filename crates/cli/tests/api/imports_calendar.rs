//! The SLA calendar through the one import pipeline (`PUT /api/v1/calendar` takes the file as
//! its body): every encoding alike, defects by row, column, value and reason, dry run,
//! skip-invalid with the refused rows.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use testkit::TestApp;

use super::imports::{defects, encodings};

async fn put(t: &TestApp, token: &str, query: &str, bytes: Vec<u8>) -> testkit::Res {
    let req = Request::builder()
        .method(Method::PUT)
        .uri(format!("/api/v1/calendar{query}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(bytes))
        .unwrap_or_else(|e| panic!("{e}"));
    t.send(req).await
}

fn rows() -> Vec<&'static [&'static str]> {
    vec![
        &["日期", "类型", "名称"],
        &["2020-01-24", "休", "春节"],
        &["2020-01-19", "班", "春节调休"],
    ]
}

async fn days(t: &TestApp, token: &str) -> Vec<String> {
    let v = t.get("/api/v1/calendar", Some(token)).await.json();
    v["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| format!("{} {} {}", d["date"], d["working"], d["name"]))
        .collect()
}

#[tokio::test]
async fn the_calendar_reads_every_encoding_alike() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    for (i, (name, bytes)) in encodings(&rows()).into_iter().enumerate() {
        let r = put(&t, &admin, "", bytes).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.text());
        let v = r.json();
        let want = if i == 0 { (2, 0) } else { (0, 2) };
        assert_eq!(
            (v["created"].as_u64(), v["unchanged"].as_u64()),
            (Some(want.0), Some(want.1)),
            "{name}: {v}"
        );
    }
    let d = days(&t, &admin).await;
    assert!(
        d.contains(&"\"2020-01-19\" true \"春节调休\"".to_owned()),
        "{d:?}"
    );
}

#[tokio::test]
async fn calendar_defects_dry_run_and_skip_invalid() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    let mut rows = rows();
    rows.push(&["2020-02-30", "休", "不存在的日子"]);
    let (_, gb) = encodings(&rows).swap_remove(2);

    let r = put(&t, &admin, "", gb.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let v = r.json();
    let found = defects(&v["report"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("row 4, column date, value \"2020-02-30\": not a valid date"),
        "{found:#?}"
    );
    assert_eq!(v["errors"][0]["field"], "row 4, column date");
    assert!(days(&t, &admin).await.is_empty());

    let r = put(&t, &admin, "?dry_run=true", gb.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["created"], 2);
    assert!(
        days(&t, &admin).await.is_empty(),
        "a dry run writes nothing"
    );

    let r = put(&t, &admin, "?skip_invalid=true", gb).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["created"].as_u64(), v["written"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(v["rejects"][0]["cells"][0], "2020-02-30");
    assert_eq!(days(&t, &admin).await.len(), 2);
}

#[tokio::test]
async fn the_calendar_command_reads_xlsx_and_writes_rejects() {
    use super::cli::{lifeline, text};
    let t = TestApp::new().await;
    let dir = testkit::TempDir::new();
    let mut rows = rows();
    rows.push(&["2020-01-25", "vacation", ""]);
    let (_, xlsx) = encodings(&rows).swap_remove(3);
    let file = dir.0.join("calendar.xlsx");
    std::fs::write(&file, xlsx).unwrap_or_else(|e| panic!("{e}"));
    let rejects = dir.0.join("rejects.csv");
    let (file, rejects) = (file.to_str().unwrap_or(""), rejects.to_str().unwrap_or(""));
    let db = [
        "--database-url",
        &t.database_url,
        "--secret-key",
        testkit::SECRET,
    ];
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "calendar", file];
        args.extend(extra);
        args.extend(db);
        lifeline(&args, None)
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("error: row 4, column type, value \"vacation\": unknown type"),
        "{}",
        text(&o)
    );
    let o = run(&["--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("would leave 2 calendar days created"));
    let o = run(&["--skip-invalid", "--rejects", rejects]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("written: 2 calendar days created"));
    let rej = std::fs::read_to_string(rejects).unwrap_or_default();
    assert!(
        rej.starts_with('\u{feff}') && rej.contains("vacation") && rej.contains("unknown type")
    );
}
