//! The enterprise is told, in its inbox, when its application is returned (naming what is
//! missing), approved (the amount) and refused (the reason); another enterprise is not.

use serde_json::{Value, json};
use testkit::bureau::{Bureau, bureau};

use super::applications::{PDF, application, doc, sme_fund, submit};
use super::applications_flow::{applied, ok};

async fn inbox(b: &Bureau, token: &str) -> String {
    let v: Value = b.t.get("/api/v1/inbox", Some(token)).await.json();
    v.to_string()
}

#[tokio::test]
async fn the_enterprise_hears_its_application_returned_approved_and_refused() {
    let b = bureau().await;
    let (sme, chief) = sme_fund(&b).await;
    let id = applied(&b, &sme, 2_000_000).await;
    let a = ok(
        &b,
        &b.staff_ft,
        &id,
        "return",
        json!({"missing": ["documents.发票", "figures.market_costs"]}),
    )
    .await;
    let reference = a["reference"].as_str().unwrap_or("?").to_owned();
    // Returned: its users read the reference, the missing invoice and the figure by name.
    let mine = inbox(&b, &b.firm_a).await;
    assert!(mine.contains(&format!("{reference} 需补正")), "{mine}");
    assert!(mine.contains("- 发票"), "{mine}");
    assert!(mine.contains("国际市场开拓费用"), "{mine}");
    assert!(!mine.contains("market_costs"), "{mine}");
    assert!(
        mine.contains(&format!("/portal/funds/applications/{id}")),
        "{mine}"
    );
    // Another enterprise hears nothing of it.
    let theirs = inbox(&b, &b.firm_b).await;
    assert!(!theirs.contains(&reference), "{theirs}");
    assert!(!theirs.contains("发票"), "{theirs}");

    // Resubmitted, examined, verified, approved: the enterprise reads the amount.
    let fix = json!({"documents": [doc("发票", "invoice.pdf", PDF)],
        "figures": {"market_costs": 2_000_000}});
    ok(&b, &b.firm_a, &id, "resubmit", fix).await;
    ok(&b, &b.staff_ft, &id, "examine", json!({})).await;
    ok(&b, &b.reviewer, &id, "verify", json!({})).await;
    let a = ok(&b, &chief, &id, "approve", json!({})).await;
    let amount = a["amount"].as_i64().unwrap_or(-1);
    assert!(amount > 0, "{a}");
    let mine = inbox(&b, &b.firm_a).await;
    assert!(mine.contains(&format!("{reference} 已批准")), "{mine}");
    let shown = domain::Money::from_fen(amount).to_string();
    assert!(mine.contains(&format!("已批准：{shown}")), "{mine}");

    // Another enterprise's application refused: it reads why; the first does not.
    let r = submit(&b, &b.firm_b, None, &application(&sme, 2_000_000)).await;
    let other = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let why = "展位费不属于支持范围";
    ok(&b, &b.staff_ft, &other, "refuse", json!({"reason": why})).await;
    let theirs = inbox(&b, &b.firm_b).await;
    assert!(theirs.contains(&format!("原因：{why}")), "{theirs}");
    assert!(!inbox(&b, &b.firm_a).await.contains(why));
}
