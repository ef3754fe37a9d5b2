//! Top-ups: publishing a version that raises the export-credit-insurance subsidy for 2020 from
//! 60 % to 80 % queues, for each enterprise already paid under 60 %, the difference to the fen
//! with both decisions explained; never twice for one version; the chief approves.

use axum::http::StatusCode;
use serde_json::json;
use testkit::bureau::{FIRM_A, FIRM_B, bureau};

use super::free::{account, confirm, figure, publish, run};
use super::rules::{chief_ft, insurance, premiums_rule};

#[tokio::test]
async fn raising_the_ratio_for_a_past_year_queues_the_top_ups_owed() {
    let b = bureau().await;
    let chief = chief_ft(&b).await;
    let id = insurance(&b).await;
    publish(&b, &id, &b.staff_ft, &chief, premiums_rule(60, 1)).await;
    // ¥12,345.67 of premiums: 60 % is ¥7,407.40 (7,407.402), 80 % ¥9,876.54 (9,876.536).
    figure(&b, &b.staff_ft, FIRM_A, "premiums_paid", 1_234_567).await;
    figure(&b, &b.staff_ft, FIRM_B, "premiums_paid", 500_000).await;
    let r = run(&b, &id, &b.staff_ft).await;
    assert_eq!(r["total"], 740_740 + 300_000);
    let mine =
        b.t.get("/api/v1/fund-entitlements", Some(&b.firm_a))
            .await
            .json();
    let eid = mine["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        confirm(&b, &eid, &b.firm_a, account()).await.0,
        StatusCode::OK
    );
    // FIRM_B has not confirmed: nothing of it is paid or approved yet.

    publish(&b, &id, &b.staff_ft, &chief, premiums_rule(80, 1)).await;
    let list = |token: String| {
        let path = format!("/api/v1/fund-top-ups?programme={id}");
        let t = &b.t;
        async move { t.get(&path, Some(&token)).await }
    };
    let tops = list(b.staff_ft.clone()).await.json();
    let items = tops["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "{tops}");
    let t = &items[0];
    assert_eq!(t["enterprise"], FIRM_A);
    assert_eq!(
        (t["from_version"].clone(), t["to_version"].clone()),
        (json!(1), json!(2))
    );
    assert_eq!(t["old_amount"], 740_740);
    assert_eq!(t["new_amount"], 987_654);
    assert_eq!(t["amount"], 246_914);
    assert_eq!(t["payment_status"], "pending_approval");
    let ex = &t["explanation"];
    assert_eq!(ex["old"]["amount"], 740_740);
    assert_eq!(ex["new"]["amount"], 987_654);
    assert_eq!(ex["old_formula"]["ratio"], 6000);
    assert_eq!(ex["new_formula"]["ratio"], 8000);
    assert_eq!(
        ex["new"]["criteria"][1]["value"],
        json!({"type": "amount", "value": 1_234_567})
    );

    // The same 80 % again as version 3 owes nothing more; nothing is queued twice.
    publish(&b, &id, &b.staff_ft, &chief, premiums_rule(80, 1)).await;
    assert_eq!(
        list(b.staff_ft.clone()).await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // Staff do not approve; the division's chief does, which commits the payment.
    let tid = t["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/fund-top-ups/{tid}/approve");
    assert_eq!(
        b.t.post(&path, Some(&b.staff_ft), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.t.post(&path, Some(&b.chief_ip3), json!({})).await.status,
        StatusCode::FORBIDDEN,
        "another division's chief"
    );
    let r = b.t.post(&path, Some(&chief), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["payment_status"], "cleared");
    assert_eq!(
        b.t.post(&path, Some(&chief), json!({})).await.status,
        StatusCode::CONFLICT
    );
    // Enterprises see no top-up list.
    assert_eq!(list(b.firm_a.clone()).await.status, StatusCode::FORBIDDEN);
}
