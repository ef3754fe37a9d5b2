//! The ledger: a payment queued by another module is approved against the programme's budget;
//! an overspend is refused naming `amount`, unless a leader overrides it with a reason; nobody
//! approves what they queued; the budget's parts sum to its totals.

use app::funds::ledger::{self, NewPayment};
use app::{Ctx, funds::ledger::PaymentId};
use axum::http::StatusCode;
use domain::funds::PaymentSource;
use domain::{Money, Uscc};
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::field_codes as error_codes;
use super::{bonus, create};

/// A programme of IP3's with a budget of `budget` fen; returns its id.
pub async fn programme(b: &Bureau, code: &str, budget: i64) -> String {
    let mut body = bonus(code);
    body["budget"] = json!(budget);
    body["published"] = json!(true);
    let p = create(b, &b.staff_ip3, body).await;
    p["id"].as_str().unwrap_or_default().to_owned()
}

/// The context of the user holding `token`.
pub async fn ctx_of(b: &Bureau, token: &str) -> Ctx {
    let p = app::auth::tokens::authenticate(&b.t.app, token)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
        .unwrap_or_else(|| panic!("no user for the token"));
    Ctx::user(p)
}

/// Queues `fen` for `uscc` on `programme` as `ctx`, in its own transaction.
pub async fn queue(b: &Bureau, ctx: &Ctx, programme: &str, uscc: &str, fen: i64) -> PaymentId {
    let app = &b.t.app;
    let mut tx = app.db.begin().await.unwrap_or_else(|e| panic!("{e:?}"));
    let p = NewPayment {
        programme_id: uuid::Uuid::parse_str(programme).unwrap_or_default(),
        uscc: Uscc::parse(uscc).unwrap_or_else(|e| panic!("{e:?}")),
        year: 2020,
        source: PaymentSource::TopUp,
        source_id: format!("top-up-{fen}"),
        amount: Money::from_fen(fen),
        rule_version: 1,
        explanation: json!([{"criterion": "premiums_paid", "met": true}]),
        applied_at_ms: app.now(),
    };
    let id = ledger::queue(&mut tx, app, ctx, p)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e:?}"));
    id
}

pub async fn approve(b: &Bureau, token: &str, id: PaymentId, body: Value) -> testkit::Res {
    b.t.post(
        &format!("/api/v1/funds/payments/{id}/approve"),
        Some(token),
        body,
    )
    .await
}

/// Checks that the budget's figures are the sums of its lines, and returns it.
pub async fn recounted_budget(b: &Bureau, token: &str, programme: &str) -> Value {
    let r =
        b.t.get(
            &format!("/api/v1/funds/programmes/{programme}/budget"),
            Some(token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let sum = |pick: &dyn Fn(&Value) -> bool| -> i64 {
        v["lines"]
            .as_array()
            .map(|ls| {
                ls.iter()
                    .filter(|l| pick(l))
                    .map(|l| l["amount"].as_i64().unwrap_or_default())
                    .sum()
            })
            .unwrap_or_default()
    };
    let out = |l: &Value| l["recovery"] == json!(false);
    let committed = sum(&|l| {
        out(l)
            && ["approved", "cleared", "in_batch", "failed"]
                .contains(&l["status"].as_str().unwrap_or(""))
    });
    let paid = sum(&|l| out(l) && l["status"] == "paid");
    let recovered = sum(&|l| !out(l) && l["status"] == "paid");
    assert_eq!(v["committed"], committed, "{v}");
    assert_eq!(v["disbursed"], paid - recovered, "{v}");
    assert_eq!(
        v["remaining"].as_i64(),
        v["allocated"]
            .as_i64()
            .map(|a| a - committed - (paid - recovered)),
        "{v}"
    );
    v
}

#[tokio::test]
async fn an_overspend_is_refused_unless_a_leader_overrides_it_with_a_reason() {
    let b = bureau().await;
    let (_, leader) = b.t.user_with_token("boss@example.cn", "leader", None).await;
    let id = programme(&b, "fi_bonus", 1_000_000).await;
    let sys = Ctx::system("test");
    let first = queue(&b, &sys, &id, FIRM_A, 700_000).await;
    let second = queue(&b, &sys, &id, FIRM_B, 300_001).await;

    let before = recounted_budget(&b, &b.chief_ip3, &id).await;
    assert_eq!(before["pending"], 1_000_001);
    assert_eq!(before["committed"], 0);
    assert_eq!(before["remaining"], 1_000_000);

    let r = approve(&b, &b.chief_ip3, first, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // No publicity period: approved payments may be paid at once.
    assert_eq!(r.json()["status"], "cleared");

    // ¥3,000.01 against ¥3,000.00 remaining.
    let r = approve(&b, &b.chief_ip3, second, json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(
        error_codes(&r),
        vec![("amount".to_owned(), "budget_exceeded".to_owned())]
    );
    // A chief's reason is not an override.
    let r = approve(
        &b,
        &b.chief_ip3,
        second,
        json!({"override_reason": "urgent"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_codes(&r).contains(&("override_reason".into(), "leader_only".into())));
    // A leader must give a reason.
    let r = approve(&b, &leader, second, json!({"override_reason": "  "})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_codes(&r).contains(&("override_reason".into(), "required".into())));
    // Nothing was half-written: still waiting, nothing more committed.
    let mid = recounted_budget(&b, &b.chief_ip3, &id).await;
    assert_eq!(mid["committed"], 700_000);
    assert_eq!(mid["pending"], 300_001);

    let r = approve(
        &b,
        &leader,
        second,
        json!({"override_reason": "市政府常务会议同意追加"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["override_reason"], "市政府常务会议同意追加");
    let after = recounted_budget(&b, &b.chief_ip3, &id).await;
    assert_eq!(after["committed"], 1_000_001);
    assert_eq!(after["remaining"], -1);
    assert_eq!(after["pending"], 0);

    // Approving twice is a conflict; the audit trail holds the override.
    let r = approve(&b, &leader, second, json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let (_, auditor) = b.t.user_with_token("au@example.cn", "auditor", None).await;
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_payment", Some(&auditor))
            .await
            .text();
    assert!(trail.contains("市政府常务会议同意追加"), "{trail}");
}

#[tokio::test]
async fn nobody_approves_what_they_queued_and_another_division_sees_nothing() {
    let b = bureau().await;
    let id = programme(&b, "fi_bonus", 1_000_000).await;
    let chief = ctx_of(&b, &b.chief_ip3).await;
    let p = queue(&b, &chief, &id, FIRM_A, 1_000).await;
    let r = approve(&b, &b.chief_ip3, p, json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(r.json()["code"], "four_eyes");

    // Staff of another division: the budget and the payment do not exist for them.
    for path in [
        format!("/api/v1/funds/programmes/{id}/budget"),
        format!("/api/v1/funds/payments/{p}"),
    ] {
        let r = b.t.get(&path, Some(&b.staff_ft)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = b.t.get("/api/v1/funds/payments", Some(&b.staff_ft)).await;
    assert_eq!(r.json()["total"], 0);
    // Its own division's staff read but do not approve; an enterprise reads nothing.
    let r = b.t.get("/api/v1/funds/payments", Some(&b.staff_ip3)).await;
    assert_eq!(
        r.json()["items"][0]["enterprise_name"],
        "大连海湾精密制造有限公司"
    );
    let r = approve(&b, &b.staff_ip3, p, json!({})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        b.t.get(
            &format!("/api/v1/funds/programmes/{id}/budget"),
            Some(&b.firm_a),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
