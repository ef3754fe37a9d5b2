//! The bureau most integration tests start from: the city's districts, the work-distribution
//! table, two enterprises in Zhongshan District, and a token for every role that works cases;
//! and the two moves on a case that many tests share (open one, walk it through statuses).

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::TestApp;

const TABLE: &str = include_str!("../../app/fixtures/work-distribution.csv");
pub const FIRM_A: &str = "91210200MA0QC1234F";
pub const FIRM_B: &str = "91440300708461136T";

/// A bureau with the city's districts, the work-distribution table, two enterprises in
/// Zhongshan District, and tokens for every role that works cases.
pub struct Bureau {
    pub t: TestApp,
    pub admin: String,
    pub chief_ip3: String,
    pub staff_ip3: String,
    pub staff_ft: String,
    pub official: String,
    pub official_id: String,
    pub other_official_id: String,
    pub firm_a: String,
    pub firm_b: String,
    pub reviewer: String,
}

/// Loads the city's districts ([`app::demo::DALIAN_DISTRICTS`]) as `lifeline import districts`
/// does: an enterprise can only be registered in one of them.
pub async fn load_districts(t: &TestApp) {
    let csv = app::demo::districts_csv();
    let ctx = app::Ctx::system("test");
    app::org::import_districts(&t.app, &ctx, csv.as_bytes(), app::imports::Format::Csv)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
}

pub async fn bureau() -> Bureau {
    bureau_with(|app| app).await
}

/// [`bureau`] on an app that `customise` changes first (see [`TestApp::customised`]).
pub async fn bureau_with(customise: impl FnOnce(app::App) -> app::App) -> Bureau {
    let t = TestApp::customised(customise).await;
    load_districts(&t).await;
    let ctx = app::Ctx::system("test");
    let r = app::org::import::import(
        &t.app,
        &ctx,
        TABLE.as_bytes(),
        app::imports::Format::Csv,
        app::imports::Options::new(false, false),
    )
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(r.written);
    let (_, admin) = t.user_with_token("admin@example.cn", "admin", None).await;
    let (_, chief_ip3) = t
        .user_with_token("chief@example.cn", "division_chief", Some("IP3"))
        .await;
    let (_, staff_ip3) = t
        .user_with_token("ip3@example.cn", "division_staff", Some("IP3"))
        .await;
    let (_, staff_ft) = t
        .user_with_token("ft@example.cn", "division_staff", Some("FT"))
        .await;
    let (o, official) = t
        .user_with_token("official@example.cn", "district_official", Some("210202"))
        .await;
    let (o2, _) = t
        .user_with_token("other@example.cn", "district_official", Some("210211"))
        .await;
    let (_, firm_a) = t
        .user_with_token("a@firm.cn", "enterprise_user", Some(FIRM_A))
        .await;
    let (_, firm_b) = t
        .user_with_token("b@firm.cn", "enterprise_user", Some(FIRM_B))
        .await;
    let (_, reviewer) = t.user_with_token("r@example.cn", "reviewer", None).await;
    for (uscc, name) in [
        (FIRM_A, "大连海湾精密制造有限公司"),
        (FIRM_B, "深圳湾贸易有限公司"),
    ] {
        let r = t
            .post("/api/v1/enterprises", Some(&admin), json!({"uscc": uscc, "name": name, "district": "210202", "kinds": ["foreign_invested"], "investor_country": "jp", "employees": 120}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    Bureau {
        t,
        admin,
        chief_ip3,
        staff_ip3,
        staff_ft,
        official,
        official_id: o.id.to_string(),
        other_official_id: o2.id.to_string(),
        firm_a,
        firm_b,
        reviewer,
    }
}

pub async fn open_case(b: &Bureau, token: &str, enterprise: &str) -> Value {
    let r = b
        .t
        .post("/api/v1/cases", Some(token), json!({"kind": "difficulty", "enterprise": enterprise, "subject": "原材料断供", "body": "主要供应商停工，库存只够一周。", "category": "raw_materials", "channel": "portal"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// Moves case `id` through `statuses` in turn as `token`; each move must be accepted.
pub async fn move_case(b: &Bureau, token: &str, id: &str, statuses: &[&str]) {
    for s in statuses {
        let r =
            b.t.post(
                &format!("/api/v1/cases/{id}/status"),
                Some(token),
                json!({"status": s}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{s}: {}", r.text());
    }
}

/// Adds a working record of `kind` to case `id` as the admin; it must be accepted.
pub async fn add_record(b: &Bureau, id: &str, kind: &str, content: &str) {
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&b.admin),
            json!({"kind": kind, "content": content}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

/// Assigns case `id` to `assignee` (a user id) as `token`; it must be accepted.
pub async fn assign(b: &Bureau, token: &str, id: &str, assignee: &str) {
    let r =
        b.t.post(
            &format!("/api/v1/cases/{id}/assignment"),
            Some(token),
            json!({"assignee": assignee}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}
