//! The JSON API's contract: problems, unknown fields, pagination, idempotency, operations.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn me_needs_a_token_and_returns_the_caller() {
    let t = TestApp::new().await;
    let anon = t.get("/api/v1/me", None).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        anon.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(anon.json()["code"], "unauthenticated");
    assert_eq!(anon.json()["status"], 401);

    let bad = t.get("/api/v1/me", Some("llt_not-a-real-token")).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.json()["code"], "invalid_token");

    let (u, token) = t
        .user_with_token("chief@example.cn", "division_chief", Some("IP3"))
        .await;
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    let me = me.json();
    assert_eq!(me["id"], u.id.to_string());
    assert_eq!(me["email"], "chief@example.cn");
    assert_eq!(me["role"], "division_chief");
    assert_eq!(me["division"], "IP3");
    assert!(
        me.get("district").is_none(),
        "an unscoped field is absent: {me}"
    );
}

#[tokio::test]
async fn bad_bodies_get_problems_that_name_the_field() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let good = json!({"email": "x@example.cn", "name": "X", "role": "auditor", "password": "a long enough test passphrase"});

    let mut unknown = good.clone();
    unknown["nickname"] = json!("Xi");
    let r = t.post("/api/v1/users", Some(&admin), unknown).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(r.json()["errors"][0]["field"], "nickname");
    assert_eq!(r.json()["errors"][0]["code"], "unknown_field");

    let mut missing = good.clone();
    missing.as_object_mut().map(|o| o.remove("name"));
    let r = t.post("/api/v1/users", Some(&admin), missing).await;
    assert_eq!(r.json()["errors"][0]["field"], "name");
    assert_eq!(r.json()["errors"][0]["code"], "required");

    let mut wrong_type = good.clone();
    wrong_type["email"] = json!(42);
    let r = t.post("/api/v1/users", Some(&admin), wrong_type).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "email");

    let malformed = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/users")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"email\": "))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = t.send(malformed).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["code"], "malformed_json");

    let huge = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/users")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(
            "{{\"name\": \"{}\"}}",
            "x".repeat(2 * 1024 * 1024)
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = t.send(huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));

    // Domain validation reports every bad field at once, and nothing is stored.
    let r = t
        .post("/api/v1/users", Some(&admin), json!({"email": "nope", "name": " ", "role": "division_staff", "password": "password1234"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    for f in ["email", "name", "division", "password"] {
        assert!(
            fields.contains(&f.to_owned()),
            "{f} missing from {fields:?}"
        );
    }
    let list = t.get("/api/v1/users", Some(&admin)).await.json();
    assert_eq!(list["total"], 1, "nothing was stored: {list}");
}

#[tokio::test]
async fn lists_are_cursor_paginated_with_a_total() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    for i in 0..6 {
        t.user(
            &format!("staff{i}@example.cn"),
            "division_staff",
            Some("FT"),
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut url = "/api/v1/users?limit=3".to_owned();
    loop {
        let page = t.get(&url, Some(&admin)).await.json();
        assert_eq!(page["total"], 7);
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 3);
        seen.extend(
            items
                .iter()
                .map(|u| u["email"].as_str().unwrap_or("").to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/users?limit=3&cursor={c}"),
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "every user exactly once: {seen:?}");
    let r = t.get("/api/v1/users?limit=0", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "limit");
    let r = t.get("/api/v1/users?cursor=garbage", Some(&admin)).await;
    assert_eq!(r.json()["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_response() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let body = json!({"email": "once@example.cn", "name": "Once", "role": "auditor", "password": "a long enough test passphrase"});
    let send = |b: serde_json::Value, key: &'static str| {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/users")
            .header(header::AUTHORIZATION, format!("Bearer {admin}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Body::from(b.to_string()))
            .unwrap_or_else(|e| panic!("{e}"));
        t.send(req)
    };
    let first = send(body.clone(), "key-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let again = send(body.clone(), "key-1").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let list = t.get("/api/v1/users", Some(&admin)).await.json();
    assert_eq!(list["total"], 2, "the account was created once");

    let mut other = body.clone();
    other["email"] = json!("twice@example.cn");
    let reused = send(other, "key-1").await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(reused.json()["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn operations_endpoints_and_security_headers() {
    let t = TestApp::new().await;
    let h = t.get("/healthz", None).await;
    assert_eq!(h.status, StatusCode::OK);
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(h.header(name).is_some(), "{name} missing");
    }
    assert!(
        h.header("content-security-policy")
            .unwrap_or("")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(t.get("/readyz", None).await.status, StatusCode::OK);
    t.get("/api/v1/measures", None).await;
    let m = t.get("/metrics", None).await.text();
    assert!(m.contains("lifeline_http_requests_total{method=\"GET\",route=\"/api/v1/measures\",status=\"200\"} 1"), "{m}");
    assert!(
        m.contains("lifeline_http_request_duration_seconds_bucket"),
        "{m}"
    );
    assert!(m.contains("lifeline_db_pool_connections"), "{m}");
    let unknown = t.get("/api/v1/nothing-here", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let t = TestApp::new().await;
    let doc = t.get("/api/v1/openapi.json", None).await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    // CI validates this copy with openapi-spec-validator.
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/openapi.json");
    std::fs::write(&out, serde_json::to_vec_pretty(&doc).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let table = web::route_table(&t.state);
    let mut undocumented = Vec::new();
    for spec in table
        .specs()
        .iter()
        .filter(|s| s.surface == web::Surface::Api)
    {
        let op = &doc["paths"][spec.path][spec.method.as_str().to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} is not documented",
            spec.method,
            spec.path
        );
        assert_eq!(op["x-permission"], spec.perm.describe());
        // A route that names no types is refused: the document would not tell the truth.
        for gap in web::api::openapi::missing_schemas(spec) {
            undocumented.push(format!("{} {}: {gap}", spec.method, spec.path));
        }
        let success = op["responses"]
            .as_object()
            .map(|r| r.keys().filter(|k| k.starts_with('2')).count())
            .unwrap_or(0);
        assert!(
            success > 0,
            "{} {} has no success answer",
            spec.method,
            spec.path
        );
    }
    assert!(
        undocumented.is_empty(),
        "API routes without a schema (name the types after add()):\n{}",
        undocumented.join("\n")
    );
    // Every $ref resolves.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = r.split('"').next().unwrap_or("");
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling $ref {name}"
        );
    }
}

#[tokio::test]
async fn measures_are_seeded_and_editable_by_admins_only() {
    let t = TestApp::new().await;
    let all = t.get("/api/v1/measures", None).await.json();
    assert_eq!(all["items"].as_array().map(Vec::len), Some(10));
    assert_eq!(all["total"], 10);
    assert_eq!(
        t.get("/api/v1/divisions", None).await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(6)
    );
    assert_eq!(
        t.get("/api/v1/measures/11", None).await.status,
        StatusCode::NOT_FOUND
    );
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let (_, staff) = t
        .user_with_token("s@example.cn", "division_staff", Some("IP1"))
        .await;
    let body = json!({"title_zh": "新标题", "title_en": "New title", "summary_zh": "摘要", "summary_en": "Summary"});
    let r = t
        .call(
            Method::PUT,
            "/api/v1/measures/3",
            Some(&staff),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t
        .call(Method::PUT, "/api/v1/measures/3", Some(&admin), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        t.get("/api/v1/measures/3", None).await.json()["title_en"],
        "New title"
    );
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let t = TestApp::new().await;
    let base = t.serve().await;
    let addr = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // The server gives up on the headers (1 s in tests) and closes the connection.
    let mut buf = Vec::new();
    let read =
        tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the slow client was never disconnected");
    assert!(
        !String::from_utf8_lossy(&buf).contains("200 OK"),
        "no answer to an unfinished request"
    );
}

/// Found by the API fuzzer: a bad query string or a non-multipart upload was refused in
/// plain text, which the OpenAPI document did not describe. Both are problems now.
#[tokio::test]
async fn bad_queries_and_uploads_answer_problems_naming_the_field() {
    let t = TestApp::new().await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    for (path, field) in [
        ("/api/v1/enterprises?undesignated=maybe", "undesignated"),
        ("/api/v1/faq?lang=en&colour=blue", "colour"),
        ("/api/v1/faq-entries/x/diff?from=1", "to"),
    ] {
        let r = t.get(path, Some(&admin)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text()
        );
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert_eq!(r.json()["errors"][0]["field"], field, "{path}");
    }
    let r = t
        .call(
            Method::POST,
            "/api/v1/enterprises/import",
            Some(&admin),
            Some(json!({"file": "not a spreadsheet"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
}
