//! Attachments on cases (issue 13): the enterprise and the staff who work on a case attach
//! files and download them again byte for byte; the size and type limits hold, the type is
//! told by the content and not only by the name; another enterprise and another division's
//! staff never reach them (404, as if missing).

use axum::http::StatusCode;
use serde_json::Value;
use testkit::bureau::{Bureau, FIRM_A, bureau, bureau_with, open_case};

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

fn pdf() -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.extend(std::iter::repeat_n(b'x', 3000));
    b.extend(b"\n%%EOF\n");
    b
}

async fn case_of_firm_a(b: &Bureau) -> String {
    open_case(b, &b.firm_a, FIRM_A).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn field_error(v: &Value) -> (String, String) {
    let e = &v["errors"][0];
    (
        e["field"].as_str().unwrap_or_default().into(),
        e["code"].as_str().unwrap_or_default().into(),
    )
}

#[tokio::test]
async fn the_enterprise_and_staff_attach_files_and_download_them_again() {
    let b = bureau().await;
    let id = case_of_firm_a(&b).await;
    let path = format!("/api/v1/cases/{id}/attachments");
    let bytes = pdf();
    let r =
        b.t.upload(&path, &b.firm_a, "../库存清单 3月.pdf", &bytes, &[])
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a = r.json();
    assert_eq!(a["name"], "库存清单 3月.pdf", "no folders in the name");
    assert_eq!(a["file_type"], "pdf");
    assert_eq!(a["size"], bytes.len());
    assert_eq!(a["size_text"], "2.9 KB");
    assert_eq!(a["uploaded_by"], "a@firm.cn");
    let staff = b.t.upload(&path, &b.staff_ip3, "photo.PNG", PNG, &[]).await;
    assert_eq!(staff.status, StatusCode::CREATED, "{}", staff.text());

    // Both sides list both files, oldest first; the enterprise sees "bureau" for the staff's.
    let mine = b.t.get(&path, Some(&b.firm_a)).await.json();
    assert_eq!(mine["total"], 2, "{mine}");
    assert_eq!(mine["items"][0]["name"], "库存清单 3月.pdf");
    assert_eq!(mine["items"][1]["uploaded_by"], "bureau");
    let theirs = b.t.get(&path, Some(&b.staff_ip3)).await.json();
    assert_eq!(theirs["items"][1]["uploaded_by"], "ip3@example.cn");

    // The download is the same bytes, as an attachment, with its type, never sniffed.
    let aid = a["id"].as_str().unwrap_or_default();
    let d =
        b.t.get(&format!("/api/v1/attachments/{aid}"), Some(&b.staff_ip3))
            .await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body, bytes);
    assert_eq!(d.header("content-type"), Some("application/pdf"));
    assert_eq!(d.header("x-content-type-options"), Some("nosniff"));
    let cd = d.header("content-disposition").unwrap_or_default();
    assert!(cd.starts_with("attachment; filename=\""), "{cd}");
    assert!(
        cd.contains("filename*=UTF-8''%E5%BA%93%E5%AD%98%E6%B8%85%E5%8D%95%203%E6%9C%88.pdf"),
        "{cd}"
    );
    let sid = staff.json()["id"].as_str().unwrap_or_default().to_owned();
    let p =
        b.t.get(&format!("/api/v1/attachments/{sid}"), Some(&b.firm_a))
            .await;
    assert_eq!(p.body, PNG);
    assert_eq!(p.header("content-type"), Some("image/png"));

    // The staff see it on the case's timeline.
    let c =
        b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
            .await
            .json();
    let timeline = c["timeline"].as_array().cloned().unwrap_or_default();
    assert!(
        timeline
            .iter()
            .any(|e| e["record_kind"] == "attachment" && e["content"] == "库存清单 3月.pdf"),
        "{c}"
    );
}

#[tokio::test]
async fn the_content_decides_the_type_not_the_name() {
    let b = bureau().await;
    let id = case_of_firm_a(&b).await;
    let path = format!("/api/v1/cases/{id}/attachments");
    for (name, bytes, code) in [
        ("scan.pdf", PNG, "file_content_mismatch"),
        (
            "table.xlsx",
            b"%PDF-1.4".as_slice(),
            "file_content_mismatch",
        ),
        (
            "tool.exe",
            b"MZ\x90\x00".as_slice(),
            "file_type_not_allowed",
        ),
        ("notes.txt", b"hello".as_slice(), "file_type_not_allowed"),
        ("empty.pdf", b"".as_slice(), "file_empty"),
    ] {
        let r = b.t.upload(&path, &b.firm_a, name, bytes, &[]).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            r.text()
        );
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert_eq!(
            field_error(&r.json()),
            ("file".into(), code.into()),
            "{name}"
        );
    }
    // A real spreadsheet (a ZIP) named .xlsx is accepted.
    let r =
        b.t.upload(&path, &b.firm_a, "t.xlsx", b"PK\x03\x04rest", &[])
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        r.json()["media_type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let list = b.t.get(&path, Some(&b.firm_a)).await.json();
    assert_eq!(list["total"], 1, "nothing refused was kept");
}

#[tokio::test]
async fn a_file_over_the_configured_size_is_refused_naming_the_field() {
    let b = bureau_with(|app| {
        let mut s = (*app.settings).clone();
        s.attachments.max_bytes = 2000;
        app.with_settings(s)
    })
    .await;
    let id = case_of_firm_a(&b).await;
    let path = format!("/api/v1/cases/{id}/attachments");
    // Over the limit, and far over it (the body itself is cut off): both 413 naming `file`.
    let mut huge = b"%PDF".to_vec();
    huge.resize(300 * 1024, b'x');
    for bytes in [pdf(), huge] {
        let r = b.t.upload(&path, &b.firm_a, "big.pdf", &bytes, &[]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert_eq!(
            field_error(&r.json()),
            ("file".into(), "file_too_large".into())
        );
    }
    let mut fits = b"%PDF".to_vec();
    fits.resize(2000, b'x');
    let r = b.t.upload(&path, &b.firm_a, "fits.pdf", &fits, &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

#[tokio::test]
async fn another_enterprise_or_division_never_reaches_an_attachment() {
    let b = bureau().await;
    let id = case_of_firm_a(&b).await;
    let path = format!("/api/v1/cases/{id}/attachments");
    let r = b.t.upload(&path, &b.firm_a, "合同.pdf", &pdf(), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let aid = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let download = format!("/api/v1/attachments/{aid}");
    let missing =
        b.t.get(
            &format!("/api/v1/attachments/{}", uuid::Uuid::now_v7()),
            Some(&b.firm_b),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // Firm B and FT's staff (measure 1 is not theirs): as if it did not exist.
    for token in [&b.firm_b, &b.staff_ft] {
        let d = b.t.get(&download, Some(token)).await;
        assert_eq!(d.status, StatusCode::NOT_FOUND, "{}", d.text());
        assert_eq!(d.body, missing.body, "out of scope looks like missing");
        assert_eq!(
            b.t.get(&path, Some(token)).await.status,
            StatusCode::NOT_FOUND
        );
        let up = b.t.upload(&path, token, "x.pdf", &pdf(), &[]).await;
        assert_eq!(up.status, StatusCode::NOT_FOUND, "{}", up.text());
    }
    // A reviewer's role has no business with cases at all.
    assert_eq!(
        b.t.get(&download, Some(&b.reviewer)).await.status,
        StatusCode::FORBIDDEN
    );
    // The division that works the case and the district official reach it.
    for token in [&b.staff_ip3, &b.chief_ip3, &b.official] {
        assert_eq!(b.t.get(&download, Some(token)).await.status, StatusCode::OK);
    }
    let list = b.t.get(&path, Some(&b.firm_a)).await.json();
    assert_eq!(list["total"], 1, "nobody else added a file");
}

/// A browser's multipart post with its session; the CSRF token rides in the action's query, as
/// the page's form sends it.
async fn page_upload(
    b: &Bureau,
    path: &str,
    session: &str,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> testkit::Res {
    let (ct, body) = testkit::multipart(name, bytes, &[]);
    let req = axum::http::Request::builder()
        .method(axum::http::Method::POST)
        .uri(format!("{path}?_csrf={csrf}"))
        .header(
            "cookie",
            format!("{}={session}", web::guard::SESSION_COOKIE),
        )
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    b.t.send(req).await
}

#[tokio::test]
async fn on_the_pages_the_enterprise_and_staff_attach_list_and_download() {
    let b = bureau().await;
    let id = case_of_firm_a(&b).await;
    let (session, csrf) =
        b.t.browser_login("a@firm.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let up = format!("/portal/cases/{id}/attachments");
    // A refused file shows the case again with the reason, in the reader's language.
    let r = page_upload(&b, &up, &session, &csrf, "scan.pdf", PNG).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("文件内容与文件名不符"), "{}", r.text());
    let r = page_upload(&b, &up, &session, &csrf, "清单.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some(format!("/portal/cases/{id}#attachments").as_str())
    );
    // Without the token: refused.
    let r = page_upload(&b, &up, &session, "wrong", "x.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let page =
        b.t.page(&format!("/portal/cases/{id}"), &session)
            .await
            .text();
    assert!(
        page.contains("清单.pdf") && page.contains("2.9 KB"),
        "{page}"
    );
    let aid =
        b.t.get(&format!("/api/v1/cases/{id}/attachments"), Some(&b.firm_a))
            .await
            .json()["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
    assert!(
        page.contains(&format!("/portal/attachments/{aid}")),
        "{page}"
    );
    let d =
        b.t.page(&format!("/portal/attachments/{aid}"), &session)
            .await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body, pdf());
    assert_eq!(d.header("content-type"), Some("application/pdf"));

    // The staff see it on their case page and download it there; firm B's user gets 404.
    let (staff, _) =
        b.t.browser_login("ip3@example.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let sp = b.t.page(&format!("/staff/cases/{id}"), &staff).await.text();
    assert!(
        sp.contains(&format!("/staff/attachments/{aid}")) && sp.contains("a@firm.cn"),
        "{sp}"
    );
    assert_eq!(
        b.t.page(&format!("/staff/attachments/{aid}"), &staff)
            .await
            .status,
        StatusCode::OK
    );
    let (other, _) =
        b.t.browser_login("b@firm.cn", testkit::PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(
        b.t.page(&format!("/portal/attachments/{aid}"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
