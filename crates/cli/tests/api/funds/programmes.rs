//! The programme catalogue: the item decides the division, only that division edits, the
//! public and the portal see published programmes only, and bad input names its field.

use axum::http::{Method, StatusCode};
use serde_json::json;
use testkit::bureau::bureau;

use super::{bonus, create};

#[tokio::test]
async fn a_programme_takes_its_division_from_the_table_and_keeps_its_budget_to_the_fen() {
    let b = bureau().await;
    let p = create(&b, &b.staff_ip3, bonus("fi_bonus")).await;
    assert_eq!(p["division"], "IP3");
    assert_eq!(p["budget"], 3_000_000_001_i64);
    assert_eq!(p["payment_mode"], "in_advance");
    assert_eq!(p["documents"], json!(["营业执照", "验资报告"]));
    assert_eq!(p["published"], false);
    let id = p["id"].as_str().unwrap_or_default().to_owned();
    let got =
        b.t.get(&format!("/api/v1/fund-programmes/{id}"), Some(&b.reviewer))
            .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["closes_on"], "2020-12-31");

    // The SME fund's item belongs to the Foreign Trade Division.
    let mut sme = bonus("sme_fund");
    sme["item"] = json!("SME international-market fund, export-credit-insurance fund");
    sme["payment_mode"] = json!("examined_in_advance");
    assert_eq!(create(&b, &b.staff_ft, sme).await["division"], "FT");

    // Every change is audited.
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_programme", Some(&auditor))
            .await
            .json();
    assert_eq!(trail["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(trail["items"][1]["action"], "fund_programme_created");
}

#[tokio::test]
async fn only_the_programmes_division_edits_it() {
    let b = bureau().await;
    // FT's staff may not add a programme under IP3's item, nor edit IP3's programme.
    let r =
        b.t.post(
            "/api/v1/fund-programmes",
            Some(&b.staff_ft),
            bonus("x_bonus"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let p = create(&b, &b.staff_ip3, bonus("fi_bonus")).await;
    let path = format!(
        "/api/v1/fund-programmes/{}",
        p["id"].as_str().unwrap_or_default()
    );
    for token in [&b.staff_ft, &b.official, &b.firm_a, &b.reviewer, &b.admin] {
        let r =
            b.t.call(
                Method::PATCH,
                &path,
                Some(token),
                Some(json!({"budget": 1})),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    }
    // Its chief edits: only the fields given change.
    let r =
        b.t.call(
            Method::PATCH,
            &path,
            Some(&b.chief_ip3),
            Some(json!({"budget": 150_000, "closes_on": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let edited = r.json();
    assert_eq!(edited["budget"], 150_000);
    assert_eq!(edited["closes_on"], json!(null));
    assert_eq!(edited["name_zh"], "外商投资奖励");
    // Moving it to FT's item would take it out of IP3's hands.
    let r =
        b.t.call(
            Method::PATCH,
            &path,
            Some(&b.chief_ip3),
            Some(json!({"item": "online training for staff sent abroad"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_public_and_enterprises_see_published_programmes_only() {
    let b = bureau().await;
    let p = create(&b, &b.staff_ip3, bonus("fi_bonus")).await;
    let path = format!(
        "/api/v1/fund-programmes/{}",
        p["id"].as_str().unwrap_or_default()
    );
    for token in [None, Some(b.firm_a.as_str())] {
        assert_eq!(
            b.t.get("/api/v1/fund-programmes", token).await.json()["total"],
            0
        );
        assert_eq!(b.t.get(&path, token).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        b.t.get("/api/v1/fund-programmes", Some(&b.official))
            .await
            .json()["total"],
        1
    );
    let r =
        b.t.call(
            Method::PATCH,
            &path,
            Some(&b.staff_ip3),
            Some(json!({"published": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    for token in [None, Some(b.firm_a.as_str())] {
        let list = b.t.get("/api/v1/fund-programmes", token).await.json();
        assert_eq!(list["items"][0]["code"], "fi_bonus");
        assert_eq!(b.t.get(&path, token).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn bad_programmes_are_refused_naming_each_field_and_nothing_is_written() {
    let b = bureau().await;
    let r = b.t.post("/api/v1/fund-programmes", Some(&b.staff_ip3), json!({"code": "Bad Code", "item": "free lunches", "year": 1999, "budget": -1, "payment_mode": "whenever", "opens_on": "2020-13-01", "documents": [" "]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let body = r.json();
    let mut fields: Vec<String> = body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "budget",
            "code",
            "documents[0]",
            "item",
            "legal_clause",
            "legal_document",
            "name_en",
            "name_zh",
            "opens_on",
            "payment_mode",
            "year"
        ]
    );
    let mut late = bonus("fi_bonus");
    late["closes_on"] = json!("2020-02-01");
    let r =
        b.t.post("/api/v1/fund-programmes", Some(&b.staff_ip3), late)
            .await;
    assert_eq!(r.json()["errors"][0]["field"], "closes_on");
    let r =
        b.t.post(
            "/api/v1/fund-programmes",
            Some(&b.staff_ip3),
            json!({"code": "x", "budget": 1.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "budget");
    create(&b, &b.staff_ip3, bonus("fi_bonus")).await;
    let r =
        b.t.post(
            "/api/v1/fund-programmes",
            Some(&b.staff_ip3),
            bonus("fi_bonus"),
        )
        .await;
    assert_eq!(r.json()["errors"][0]["code"], "duplicate");
    assert_eq!(
        b.t.get("/api/v1/fund-programmes", Some(&b.staff_ip3))
            .await
            .json()["total"],
        1
    );
}
