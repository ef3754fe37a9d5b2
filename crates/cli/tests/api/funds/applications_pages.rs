//! The application pages: an enterprise applies in the portal (figures in yuan, documents as
//! files), is returned for a missing invoice and resubmits on its page; staff see the queue
//! and only their own step buttons; a four-eyes refusal is shown in words; another
//! enterprise's application is not found.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use testkit::bureau::{Bureau, bureau};
use testkit::{PASSWORD, Res};

use super::applications::{PDF, sme_fund};

/// A multipart form with text `fields` and `files` (field name, file name, bytes).
fn form(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "lifeline-apply-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(b: &Bureau, path: &str, session: &str, ct: String, body: Vec<u8>) -> Res {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(
            header::COOKIE,
            format!("{}={session}", web::guard::SESSION_COOKIE),
        )
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    b.t.send(req).await
}

#[tokio::test]
async fn an_enterprise_applies_in_the_portal_is_returned_and_resubmits_and_staff_work_it() {
    let b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    let (session, csrf) =
        b.t.browser_login("a@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    // The form asks for the rule's figure in yuan and the two documents as files.
    let page =
        b.t.page(&format!("/portal/funds/{sme}/apply"), &session)
            .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("name=\"figures.market_costs\""), "{html}");
    assert!(html.contains("name=\"documents.发票\""));
    // Without the invoice: refused, the form again naming what is missing, nothing written.
    let path = format!("/portal/funds/{sme}/apply?_csrf={csrf}");
    let (ct, body) = form(
        &[
            ("figures.market_costs", "20,000.00"),
            ("idempotency_key", "form-1"),
        ],
        &[("documents.营业执照", "licence.pdf", PDF)],
    );
    let r = post_multipart(&b, &path, &session, ct, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("发票"), "{}", r.text());
    // Complete: to the application's page, ¥20,000.00 read as 2,000,000 fen.
    let (ct, body) = form(
        &[
            ("figures.market_costs", "20,000.00"),
            ("idempotency_key", "form-2"),
        ],
        &[
            ("documents.营业执照", "licence.pdf", PDF),
            ("documents.发票", "invoice.pdf", PDF),
        ],
    );
    let r = post_multipart(&b, &path, &session, ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.header("location").unwrap_or_default().to_owned();
    let id = to.rsplit('/').next().unwrap_or_default().to_owned();
    let a =
        b.t.get(&format!("/api/v1/funds/applications/{id}"), Some(&b.firm_a))
            .await
            .json();
    assert_eq!(a["figures"]["market_costs"], 2_000_000);
    assert_eq!(a["channel"], "portal");
    let mine =
        b.t.page("/portal/funds/applications", &session)
            .await
            .text();
    assert!(
        mine.contains(a["reference"].as_str().unwrap_or("?")),
        "{mine}"
    );

    // Staff: the queue lists it; FT's staff returns it for the invoice.
    let (staff, staff_csrf) =
        b.t.browser_login("ft@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let queue = b.t.page("/staff/funds/applications", &staff).await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue
            .text()
            .contains(a["reference"].as_str().unwrap_or("?"))
    );
    let page =
        b.t.page(&format!("/staff/funds/applications/{id}"), &staff)
            .await
            .text();
    assert!(page.contains(&format!("/staff/funds/applications/{id}/examine")));
    assert!(!page.contains(&format!("/staff/funds/applications/{id}/approve")));
    let r =
        b.t.form(
            &format!("/staff/funds/applications/{id}/return"),
            &staff,
            &format!("_csrf={staff_csrf}&missing=documents.%E5%8F%91%E7%A5%A8&note=q2"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // Back with the enterprise: nothing for staff to press.
    let page =
        b.t.page(&format!("/staff/funds/applications/{id}"), &staff)
            .await
            .text();
    assert!(page.contains("此申请目前没有需要您办理的步骤") && !page.contains("/examine"));
    // The enterprise sees what to correct and resubmits the invoice on its page.
    let page = b.t.page(&to, &session).await.text();
    assert!(page.contains("/resubmit?_csrf="), "{page}");
    let (ct, body) = form(&[], &[("documents.发票", "invoice-2.pdf", PDF)]);
    let r = post_multipart(
        &b,
        &format!("{to}/resubmit?_csrf={csrf}"),
        &session,
        ct,
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    four_eyes_in_words(&b, &id).await;

    // Firm B: not found.
    let (other, _) =
        b.t.browser_login("b@firm.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(b.t.page(&to, &other).await.status, StatusCode::NOT_FOUND);
}

/// FT's staff examines on the page; turned reviewer, it is told four eyes in words.
async fn four_eyes_in_words(b: &Bureau, id: &str) {
    let (staff, staff_csrf) =
        b.t.browser_login("ft@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    let r =
        b.t.form(
            &format!("/staff/funds/applications/{id}/examine"),
            &staff,
            &format!("_csrf={staff_csrf}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    b.t.raw("UPDATE users SET role = 'reviewer', division = NULL WHERE email = 'ft@example.cn'")
        .await;
    let r =
        b.t.form(
            &format!("/staff/funds/applications/{id}/verify"),
            &staff,
            &format!("_csrf={staff_csrf}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let text = r.text();
    assert!(
        text.contains("双人复核") || text.contains("Four eyes"),
        "{text}"
    );
}
