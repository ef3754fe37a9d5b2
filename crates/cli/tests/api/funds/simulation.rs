//! Simulating a draft over the whole registry: who qualifies, the cost against the budget,
//! and who gains and who loses against the version in effect; the sums recount.

use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{FIRM_A, FIRM_B, bureau};

use super::rules::{draft, premiums, premiums_rule, published};

#[tokio::test]
async fn a_draft_is_simulated_against_the_budget_and_the_version_in_effect() {
    let b = bureau().await;
    let id = published(&b).await;
    premiums(&b, FIRM_A, 1_000_000).await;
    premiums(&b, FIRM_B, 500_000).await;

    draft(&b, &id, premiums_rule(80, 1)).await;
    let sim = |n: i64, token: String| {
        let path = format!("/api/v1/fund-programmes/{id}/rules/{n}/simulation");
        let t = &b.t;
        async move { t.get(&path, Some(&token)).await }
    };
    let r = sim(2, b.staff_ft.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = r.json();
    assert_eq!(s["enterprises"], 2);
    assert_eq!(
        s["simulated"],
        json!({"version": 2, "qualifying": 2, "total_cost": 1_200_000})
    );
    assert_eq!(
        s["current"],
        json!({"version": 1, "qualifying": 2, "total_cost": 900_000})
    );
    assert_eq!(s["budget"], 1_000_000);
    assert_eq!(s["remaining"], -200_000);
    assert_eq!(s["over_budget"], true);
    assert_eq!(s["gainers"], 2);
    assert_eq!(s["losers"], 0);
    assert_eq!(
        s["gains"][0],
        json!({"enterprise": FIRM_A, "name": "大连海湾精密制造有限公司", "before": 600_000, "after": 800_000})
    );

    // The total is the sum of each enterprise's decision under the draft.
    let mut recount = 0;
    for firm in [FIRM_A, FIRM_B] {
        let d: Value =
            b.t.post(
                &format!("/api/v1/fund-programmes/{id}/decisions"),
                Some(&b.staff_ft),
                json!({"enterprise": firm, "version": 2}),
            )
            .await
            .json();
        recount += d["amount"].as_i64().unwrap_or_default();
    }
    assert_eq!(recount, 1_200_000);

    // A stricter draft: the smaller payer loses.
    draft(&b, &id, premiums_rule(60, 600_000)).await;
    let s = sim(3, b.reviewer.clone()).await.json();
    assert_eq!(s["simulated"]["qualifying"], 1);
    assert_eq!(s["losers"], 1);
    assert_eq!(s["losses"][0]["enterprise"], FIRM_B);
    assert_eq!(s["losses"][0]["after"], 0);
    assert_eq!(s["over_budget"], false);

    // Enterprises do not simulate; a version that does not exist is not found.
    assert_eq!(sim(2, b.firm_a.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        sim(9, b.staff_ft.clone()).await.status,
        StatusCode::NOT_FOUND
    );

    // Figures are bounded (¥10 trillion), so no sum over the registry can overflow.
    let r = b.t.call(axum::http::Method::PUT, &format!("/api/v1/enterprises/{FIRM_A}/fund-figures"), Some(&b.staff_ft), Some(json!({"year": 2020, "source": "insurer", "figures": {"premiums_paid": 1_000_000_000_000_001_i64}}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "figures.premiums_paid");
}
