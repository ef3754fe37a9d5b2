//! Issue 13: assigning cases to a named colleague (audited, on the timeline), "my cases", the
//! workload per person, and the staff case list's filters, sort orders and exports.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau, open_case};

mod assignment;
mod list;

async fn me(b: &Bureau, token: &str) -> (String, String) {
    let m = b.t.get("/api/v1/me", Some(token)).await.json();
    (
        m["id"].as_str().unwrap_or_default().to_owned(),
        m["name"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn assign(b: &Bureau, token: &str, case: &str, who: Value) -> testkit::Res {
    b.t.post(
        &format!("/api/v1/cases/{case}/assignment"),
        Some(token),
        json!({ "assignee": who }),
    )
    .await
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn list(b: &Bureau, token: &str, q: &str) -> testkit::Res {
    let q: Vec<String> = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => format!("{k}={}", testkit::enc(v)),
            None => p.to_owned(),
        })
        .collect();
    b.t.get(&format!("/api/v1/cases?{}", q.join("&")), Some(token))
        .await
}

/// Every case of the list in `q`'s order, walking its pages one case at a time.
async fn walk(b: &Bureau, token: &str, q: &str) -> Vec<String> {
    let (mut seen, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let mut path = format!("limit=1&{q}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = list(b, token, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        let page = r.json();
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return seen,
        }
    }
}

async fn open_with(b: &Bureau, token: &str, enterprise: &str, subject: &str) -> String {
    let r = b
        .t
        .post("/api/v1/cases", Some(token), json!({"kind": "difficulty", "enterprise": enterprise, "subject": subject, "body": "详情见附件。", "category": "logistics", "channel": "portal"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap_or_default().to_owned()
}
