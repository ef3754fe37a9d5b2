//! Every route states its permission, and the permission is enforced for every role;
//! scoped lists and reads show only what the caller may see.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use domain::Role;
use serde_json::json;
use testkit::TestApp;
use web::{Perm, Surface};

fn concrete(path: &str) -> String {
    path.replace("{id}", &uuid::Uuid::now_v7().to_string())
        .replace("{uscc}", "91440300708461136T")
        .replace("{code}", "IP1")
        .replace("{n}", "1")
}

fn scope_for(role: Role) -> Option<&'static str> {
    match role {
        Role::DivisionChief | Role::DivisionStaff => Some("IP3"),
        Role::DistrictOfficial => Some("210202"),
        Role::EnterpriseUser => Some("91440300708461136T"),
        _ => None,
    }
}

#[tokio::test]
async fn every_route_declares_a_permission_that_is_enforced_for_every_role() {
    let t = TestApp::new().await;
    let table = web::route_table(&t.state);
    assert!(
        table.specs().len() >= 25,
        "the route table lists every route"
    );
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let (_, tok) = t
            .user_with_token(
                &format!("{}@example.cn", role.as_str()),
                role.as_str(),
                scope_for(role),
            )
            .await;
        tokens.push((role, tok));
    }
    for spec in table.specs() {
        let path = concrete(spec.path);
        let req = |token: Option<&str>| {
            let mut b = Request::builder().method(spec.method.clone()).uri(&path);
            if let Some(t) = token {
                b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            if spec.method != Method::GET {
                b = b.header(header::CONTENT_TYPE, "application/json");
            }
            b.body(Body::from(if spec.method == Method::GET {
                String::new()
            } else {
                "{}".into()
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let anon = t.send(req(None)).await;
        match (spec.perm, spec.surface) {
            (Perm::Public, _) => assert!(
                anon.status != StatusCode::UNAUTHORIZED && anon.status != StatusCode::FORBIDDEN,
                "{} {} is public",
                spec.method,
                spec.path
            ),
            (_, Surface::Page) => {
                assert_eq!(
                    anon.status,
                    StatusCode::SEE_OTHER,
                    "{} {} sends strangers to sign in",
                    spec.method,
                    spec.path
                );
                assert!(anon.header("location").unwrap_or("").starts_with("/login"));
            }
            _ => assert_eq!(
                anon.status,
                StatusCode::UNAUTHORIZED,
                "{} {} needs a token",
                spec.method,
                spec.path
            ),
        }
        for (role, tok) in &tokens {
            let r = t.send(req(Some(tok))).await;
            let expected_allowed = match spec.perm {
                Perm::Public | Perm::SignedIn => true,
                Perm::Allow(res, act) => domain::allowed(*role, res, act),
            };
            if expected_allowed {
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED,
                    "{role} may {} {}: got {}",
                    spec.method,
                    spec.path,
                    r.status
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{role} may not {} {}",
                    spec.method,
                    spec.path
                );
            }
        }
    }
}

#[tokio::test]
async fn nothing_can_change_or_delete_the_audit_trail() {
    let t = TestApp::new().await;
    for spec in web::route_table(&t.state).specs() {
        if spec.path.contains("audit") {
            assert_eq!(
                spec.method,
                Method::GET,
                "{} {} would change the audit trail",
                spec.method,
                spec.path
            );
        }
    }
}

#[tokio::test]
async fn a_division_chief_sees_only_their_division() {
    let t = TestApp::new().await;
    let (_, chief) = t
        .user_with_token("chief@example.cn", "division_chief", Some("IP3"))
        .await;
    let mine = t
        .user("mine@example.cn", "division_staff", Some("IP3"))
        .await;
    let theirs = t
        .user("theirs@example.cn", "division_staff", Some("FT"))
        .await;
    t.user("leader@example.cn", "leader", None).await;

    let list = t.get("/api/v1/users", Some(&chief)).await.json();
    let emails: Vec<&str> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["email"].as_str())
        .collect();
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(emails.contains(&"mine@example.cn") && emails.contains(&"chief@example.cn"));
    assert_eq!(
        list["total"], 2,
        "the count covers only what the chief may see"
    );

    assert_eq!(
        t.get(&format!("/api/v1/users/{}", mine.id), Some(&chief))
            .await
            .status,
        StatusCode::OK
    );
    let outside = t
        .get(&format!("/api/v1/users/{}", theirs.id), Some(&chief))
        .await;
    let missing = t
        .get(
            &format!("/api/v1/users/{}", uuid::Uuid::now_v7()),
            Some(&chief),
        )
        .await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    assert_eq!(
        outside.body, missing.body,
        "out of scope looks exactly like missing"
    );
}

#[tokio::test]
async fn the_auditor_reads_the_trail_and_the_admin_does_not() {
    let t = TestApp::new().await;
    let (_, auditor) = t
        .user_with_token("auditor@example.cn", "auditor", None)
        .await;
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    assert_eq!(
        t.get("/api/v1/audit", Some(&auditor)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.get("/api/v1/audit", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = t.post("/api/v1/users", Some(&auditor), json!({"email": "a@b.cn", "name": "A", "role": "admin", "password": "a long enough test passphrase"})).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "the auditor changes nothing"
    );
}
