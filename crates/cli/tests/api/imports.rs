//! The one import pipeline, importer by importer: the same file in UTF-8, UTF-8 with a BOM,
//! GB18030 and XLSX imports alike; a defect is named by row, column, value and reason; a dry
//! run writes nothing; skip-invalid writes the good rows and hands back the others with their
//! reasons; an export neutralises a formula cell.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;
use testkit::TestApp;

/// Uploads the same two rows in every encoding to `path`: the first upload creates both rows;
/// the others read the very same text, so they change nothing.
pub(crate) async fn upload_every_encoding(t: &TestApp, admin: &str, path: &str, rows: &[&[&str]]) {
    for (i, (name, bytes)) in encodings(rows).into_iter().enumerate() {
        let r = t.upload(path, admin, name, &bytes, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.text());
        let v = r.json();
        let want = if i == 0 { (2, 0) } else { (0, 2) };
        assert_eq!(
            (v["created"].as_u64(), v["unchanged"].as_u64()),
            (Some(want.0), Some(want.1)),
            "{name}: {v}"
        );
    }
}

/// The same table as UTF-8, UTF-8 with a byte-order mark, GB18030 and XLSX (no commas or
/// quotes in the cells, so the CSV needs no quoting).
pub(crate) fn encodings(rows: &[&[&str]]) -> Vec<(&'static str, Vec<u8>)> {
    let text: String = rows.iter().map(|r| r.join(",") + "\r\n").collect();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "GB18030 bytes differ from UTF-8"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let xlsx = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    vec![
        ("utf8.csv", text.clone().into_bytes()),
        ("utf8-bom.csv", bom),
        ("gb18030.csv", gb.into_owned()),
        ("table.xlsx", xlsx),
    ]
}

/// Every defect of a report as `row R, column C, value "V": reason`.
pub(crate) fn defects(report: &Value) -> Vec<String> {
    report["errors"]
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

/// A download's bytes (a CSV with its BOM).
pub(crate) async fn download(t: &TestApp, path: &str, token: &str) -> String {
    let r = t.get(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(
        text.starts_with('\u{feff}'),
        "a CSV export starts with a BOM"
    );
    text
}

const WD_PATH: &str = "/api/v1/work-distribution/import";

const WD_HEADER: &[&str] = &[
    "措施",
    "事项",
    "处室",
    "牵头",
    "处长",
    "处长办公电话",
    "处长手机",
    "联系人",
    "联系人办公电话",
    "联系人手机",
];

fn wd_rows() -> Vec<&'static [&'static str]> {
    vec![
        WD_HEADER,
        &[
            "1",
            "外资企业投诉",
            "IP3",
            "是",
            "李红",
            "83630201",
            "13804110201",
            "",
            "",
            "",
        ],
        &[
            "2",
            "=SUM(A1)",
            "FT",
            "",
            "王小明",
            "",
            "13804110301",
            "周敏",
            "",
            "13904110202",
        ],
    ]
}

#[tokio::test]
async fn work_distribution_reads_every_encoding_alike() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    upload_every_encoding(&t, &admin, WD_PATH, &wd_rows()).await;
    let table = t
        .get("/api/v1/work-distribution", Some(&admin))
        .await
        .json();
    assert!(table.to_string().contains("外资企业投诉"), "{table}");
}

async fn table_rows(t: &TestApp, token: &str) -> usize {
    let v = t.get("/api/v1/work-distribution", Some(token)).await.json();
    v["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn work_distribution_defects_dry_run_skip_invalid_and_export() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    let mut rows = wd_rows();
    rows.push(&["3", "", "IP9", "", "孙丽", "", "1390411", "", "", ""]);
    let (_, bad) = encodings(&rows).swap_remove(2);

    // Strict: 422, every defect named, nothing written.
    let r = t.upload(WD_PATH, &admin, "t.csv", &bad, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let v = r.json();
    let found = defects(&v["report"]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("row 4, column division, value \"IP9\": unknown division"));
    assert!(found[1].starts_with("row 4, column chief_mobile, value \"1390411\": a mobile"));
    assert_eq!(v["errors"][0]["field"], "row 4, column division");
    assert_eq!(table_rows(&t, &admin).await, 0);

    // A dry run reports what the valid rows would do, and writes nothing.
    let r = t
        .upload(WD_PATH, &admin, "t.csv", &bad, &[("dry_run", "true")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["created"].as_u64(), v["written"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(defects(&v).len(), 2);
    assert_eq!(table_rows(&t, &admin).await, 0, "a dry run writes nothing");

    // Skip-invalid writes the two good rows and hands back the third with its reasons.
    let r = t
        .upload(WD_PATH, &admin, "t.csv", &bad, &[("skip_invalid", "true")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(
        (v["created"].as_u64(), v["written"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(v["rejects"][0]["row"], 4);
    assert_eq!(v["rejects"][0]["cells"][2], "IP9");
    assert_eq!(table_rows(&t, &admin).await, 2);

    // The export neutralises the item that a spreadsheet would run as a formula.
    let csv = download(&t, "/api/v1/work-distribution/export?format=csv", &admin).await;
    assert!(csv.contains("'=SUM(A1)") && !csv.contains(",=SUM"), "{csv}");
}

/// Posts the upload page and returns its HTML.
pub(crate) async fn page_upload(
    t: &TestApp,
    base: &str,
    session: &str,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> testkit::Res {
    let (ct, body) = testkit::multipart(name, bytes, &[]);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("{base}/import?_csrf={csrf}"))
        .header(header::COOKIE, format!("ll_session={session}"))
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    t.send(req).await
}

/// The value of the hidden input `name` in a page.
pub(crate) fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    // As a browser reads it: the page escapes `/` and friends.
    rest[..rest.find('"').unwrap_or(0)]
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_upload_page_previews_then_applies_exactly_that() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    let (session, csrf) = t
        .browser_login("admin@example.cn", testkit::PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let base = "/staff/work-distribution";
    let mut rows = wd_rows();
    rows.push(&["3", "", "IP9", "", "", "", "", "", "", ""]);
    let (name, xlsx) = encodings(&rows).swap_remove(3);
    let preview = page_upload(&t, base, &session, &csrf, name, &xlsx).await;
    assert_eq!(preview.status, StatusCode::OK);
    let html = preview.text();
    assert!(
        html.contains("如果导入：新增 2 行，更新 0 行，0 行不变。"),
        "{html}"
    );
    assert!(html.contains("IP9") && html.contains("unknown division"));
    let file = hidden(&html, "file_b64");
    let expect = hidden(&html, "expect");
    assert_eq!(expect, "2-0-0-1");
    let form = |expect: &str| {
        format!(
            "_csrf={}&file_name={name}&file_b64={}&skip_invalid=1&expect={expect}",
            testkit::enc(&csrf),
            testkit::enc(&file)
        )
    };

    // The refused rows, as a CSV with their reasons.
    let rej = t
        .form(&format!("{base}/import/rejects"), &session, &form(""))
        .await;
    assert_eq!(rej.status, StatusCode::OK, "{}", rej.text());
    let rej = rej.text();
    assert!(rej.contains("errors") && rej.contains("IP9") && rej.contains("unknown division"));

    // A confirm that would no longer do what the preview showed writes nothing.
    let stale = t
        .form(
            &format!("{base}/import/confirm"),
            &session,
            &form("1-0-0-1"),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stale.text().contains("预览之后数据已有变化"),
        "{}",
        stale.text()
    );
    assert_eq!(table_rows(&t, &admin).await, 0);

    let done = t
        .form(&format!("{base}/import/confirm"), &session, &form(&expect))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    assert_eq!(
        done.header("location"),
        Some("/staff/work-distribution?imported=2-0-0")
    );
}
