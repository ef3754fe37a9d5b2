//! The organisation and the Table of Work Distribution (measure 10 and the attachment).

use axum::http::StatusCode;
use serde_json::Value;
use testkit::TestApp;

mod contacts;
mod imports;

pub(crate) const AS_PRINTED: &str =
    include_str!("../../../../app/fixtures/work-distribution-as-printed.csv");
pub(crate) const CORRECTED: &str = include_str!("../../../../app/fixtures/work-distribution.csv");

pub(crate) async fn upload(
    t: &TestApp,
    token: &str,
    file_name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> testkit::Res {
    t.upload(
        "/api/v1/work-distribution/import",
        token,
        file_name,
        bytes,
        fields,
    )
    .await
}

fn problems(v: &Value, key: &str) -> Vec<String> {
    v[key]
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

pub(crate) async fn admin(t: &TestApp) -> String {
    t.user_with_token("admin@example.cn", "admin", None).await.1
}

#[tokio::test]
async fn the_table_as_printed_reports_its_real_defects_and_writes_nothing() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let r = upload(&t, &admin, "as-printed.csv", AS_PRINTED.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let body = r.json();
    let errors = problems(&body["report"], "errors");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("row 3, column contact_mobile, value \"1390411020\": a mobile number has 11 digits; this one has 10"), "{errors:#?}");
    assert!(
        errors[1].contains("row 17, column chief_mobile")
            && errors[1].contains("李红 has a different mobile number in row 6"),
        "{errors:#?}"
    );
    let warnings = problems(&body["report"], "warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("row 10") && w.contains("王小明") && w.contains("王晓明")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("row 18") && w.contains("another name of OIEC")),
        "{warnings:#?}"
    );
    assert_eq!(body["errors"][0]["field"], "row 3, column contact_mobile");
    let table = t
        .get("/api/v1/work-distribution", Some(&admin))
        .await
        .json();
    assert_eq!(
        table["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was written"
    );
}

#[tokio::test]
async fn the_corrected_table_routes_work() {
    let t = TestApp::new().await;
    let admin = admin(&t).await;
    let r = upload(&t, &admin, "table.csv", CORRECTED.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["created"], 24);
    assert_eq!(r.json()["warnings"].as_array().map(Vec::len), Some(0));

    let m1 = t.get("/api/v1/measures/1", None).await.json();
    let divs: Vec<(&str, bool)> = m1["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["division"]["code"].as_str().unwrap_or(""),
                r["leading"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(divs, vec![("IP3", true), ("IP2", false), ("IP1", false)]);
    let chief = &m1["responsibilities"][0]["chief"];
    assert_eq!(chief["name"], "王晓明");
    assert_eq!(chief["office_phone"]["tel"], "+8641183630301");
    assert_eq!(
        chief["mobile"]["display"], "138****0301",
        "anonymous callers see masked mobiles"
    );
    assert!(chief["mobile"]["tel"].is_null());

    let m10 = t.get("/api/v1/measures/10", None).await.json();
    let mut codes: Vec<&str> = m10["responsibilities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["division"]["code"].as_str())
        .collect();
    codes.sort();
    assert_eq!(codes, vec!["FT", "GLA", "IP1", "IP2", "IP3", "OIEC"]);

    let r6 = t.get("/api/v1/route?measure=6", Some(&admin)).await.json();
    assert_eq!(r6["leading"]["code"], "FT");
    let r2 = t
        .get(
            "/api/v1/route?measure=2&item=online%20training%E2%80%A6",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(r2["leading"]["code"], "OIEC", "{r2}");
    let r2b = t
        .get(
            "/api/v1/route?measure=2&item=bonuses%20and%20awards",
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(r2b["leading"]["code"], "IP3");
    let bad = t
        .get("/api/v1/route?measure=2&item=parking", Some(&admin))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("online training for staff sent abroad")
    );
    // Measure 7 flags no leader: the first row leads.
    assert_eq!(
        t.get("/api/v1/route?measure=7", Some(&admin)).await.json()["leading"]["code"],
        "GLA"
    );
}
