//! Advance payment and settlement: a bonus paid in advance is settled on the final figures, a
//! top-up when they are higher and a recovery when lower, each approved by the chief; an
//! award paid on settlement becomes payable when the settlement is recorded.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::free::{account, confirm, figure, publish, run};
use super::{bonus, create};

/// 10 % of the year's fixed-asset investment.
fn investment_rule() -> Value {
    json!({
        "effective_from": "2020-01-01", "effective_to": "2020-12-31",
        "rule": {"criteria": [{"kind": "at_least", "figure": "investment", "min": 1}],
                 "formula": {"kind": "percentage", "of": "investment", "ratio": 1000}}
    })
}

async fn programme(b: &Bureau, code: &str, mode: &str) -> String {
    let mut p = bonus(code);
    p["payment_mode"] = json!(mode);
    p["published"] = json!(true);
    let id = create(b, &b.staff_ip3, p).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    publish(b, &id, &b.staff_ip3, &b.chief_ip3, investment_rule()).await;
    id
}

async fn settle(
    b: &Bureau,
    id: &str,
    token: &str,
    firm: &str,
    investment: i64,
) -> (StatusCode, Value) {
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/settlements"),
            Some(token),
            json!({"enterprise": firm, "figures": {"investment": investment}}),
        )
        .await;
    (r.status, r.json())
}

#[tokio::test]
async fn an_advance_is_settled_by_a_top_up_or_a_recovery_and_an_award_on_settlement() {
    let b = bureau().await;
    let id = programme(&b, "advance_bonus", "in_advance").await;
    figure(&b, &b.staff_ip3, FIRM_A, "investment", 10_000_000).await;
    figure(&b, &b.staff_ip3, FIRM_B, "investment", 20_000_000).await;
    run(&b, &id, &b.staff_ip3).await;
    for firm in [&b.firm_a, &b.firm_b] {
        let mine =
            b.t.get("/api/v1/fund-entitlements", Some(firm))
                .await
                .json();
        let eid = mine["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(confirm(&b, &eid, firm, account()).await.0, StatusCode::OK);
    }
    // Paid in advance: ¥10,000.00 and ¥20,000.00. Final investment ¥123,456.78 and ¥150,000.01.
    let (s, a) = settle(&b, &id, &b.staff_ip3, FIRM_A, 12_345_678).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(
        (a["settled"].clone(), a["advance"].clone()),
        (json!(1_234_568), json!(1_000_000))
    );
    assert_eq!(a["outcome"], "top_up");
    assert_eq!(a["amount"], 234_568);
    assert_eq!(a["payment_status"], "pending_approval");
    assert_eq!(
        a["explanation"]["decision"]["criteria"][0]["value"]["value"],
        12_345_678
    );
    let (s, r) = settle(&b, &id, &b.staff_ip3, FIRM_B, 15_000_001).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(r["outcome"], "recovery");
    assert_eq!(r["amount"], 2_000_000 - 1_500_000);

    // Once per enterprise; bad figures are refused naming the field, nothing written.
    assert_eq!(
        settle(&b, &id, &b.staff_ip3, FIRM_A, 1).await.0,
        StatusCode::CONFLICT
    );
    let (s, p) = settle(&b, &id, &b.staff_ip3, FIRM_A, -5).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "figures.investment");
    // Another division records nothing here; enterprises neither.
    assert_eq!(
        settle(&b, &id, &b.staff_ft, FIRM_A, 1).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        settle(&b, &id, &b.firm_a, FIRM_A, 1).await.0,
        StatusCode::FORBIDDEN
    );

    // The chief approves each; the recovery is committed too.
    for s in [&a, &r] {
        let path = format!(
            "/api/v1/fund-settlements/{}/approve",
            s["id"].as_str().unwrap_or_default()
        );
        assert_eq!(
            b.t.post(&path, Some(&b.staff_ip3), json!({})).await.status,
            StatusCode::FORBIDDEN
        );
        let ok = b.t.post(&path, Some(&b.chief_ip3), json!({})).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
        assert_eq!(ok.json()["payment_status"], "cleared");
    }
    let list =
        b.t.get(
            &format!("/api/v1/fund-settlements?programme={id}"),
            Some(&b.staff_ip3),
        )
        .await
        .json();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));

    // An award paid on settlement: nothing before, the settled amount becomes payable.
    let award = programme(&b, "revenue_award", "on_settlement").await;
    let (s, w) = settle(&b, &award, &b.chief_ip3, FIRM_A, 5_000_005).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    assert_eq!(w["outcome"], "award");
    assert_eq!(w["amount"], 500_001);
    assert_eq!(w["payment_status"], "pending_approval");
}
