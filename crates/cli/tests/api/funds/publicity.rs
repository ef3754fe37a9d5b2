//! Publicity (公示): the division's chief publishes the approved payments for the programme's
//! publicity period; anyone objects to a line (refused naming each bad field, rate-limited);
//! when the period is over an unobjected payment clears, an open objection holds its payment
//! and an upheld one cancels it. The public list shows names and amounts, nothing private.

use app::Ctx;
use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::bureau::{Bureau, FIRM_A, FIRM_B, bureau};

use super::ledger::{approve, programme, queue};

const DAY_MINUTES: i64 = 24 * 60;

/// A programme of IP3's with a publicity period of `days` working days and three approved
/// payments (FIRM_A ¥1,000, FIRM_B ¥2,000, FIRM_A ¥500); returns the programme and the
/// payments' ids.
pub async fn approved_three(b: &Bureau, days: i64) -> (String, Vec<String>) {
    let id = programme(b, "publicised_bonus", 10_000_000).await;
    let r =
        b.t.call(
            axum::http::Method::PUT,
            &format!("/api/v1/fund-programmes/{id}/publicity-days"),
            Some(&b.staff_ip3),
            Some(json!({ "days": days })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let sys = Ctx::system("test");
    let mut ids = Vec::new();
    for (firm, fen) in [(FIRM_A, 100_000), (FIRM_B, 200_000), (FIRM_A, 50_000)] {
        let p = queue(b, &sys, &id, firm, fen).await;
        let r = approve(b, &b.chief_ip3, p, json!({})).await;
        assert_eq!(r.json()["status"], "approved", "{}", r.text());
        ids.push(p.to_string());
    }
    (id, ids)
}

async fn status_of(b: &Bureau, payment: &str) -> Value {
    b.t.get(
        &format!("/api/v1/funds/payments/{payment}"),
        Some(&b.chief_ip3),
    )
    .await
    .json()["status"]
        .clone()
}

fn objection(line: i64, name: &str, contact: &str, text: &str) -> Value {
    json!({ "line": line, "name": name, "contact": contact, "text": text })
}

#[tokio::test]
async fn the_period_end_clears_unobjected_payments_holds_open_and_cancels_upheld_objections() {
    let b = bureau().await;
    let (id, pays) = approved_three(&b, 3).await;
    let url = format!("/api/v1/fund-programmes/{id}/publicities");
    let r = b.t.post(&url, Some(&b.staff_ip3), json!(null)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only the chief publishes");
    let r = b.t.post(&url, Some(&b.chief_ip3), json!(null)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let publicity = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let r = b.t.post(&url, Some(&b.chief_ip3), json!(null)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "nothing left to publish");

    let objections = format!("/api/v1/fund-publicities/{publicity}/objections");
    let text = "该企业的投资并未到位，请核实。";
    for (line, name) in [(1, "王先生"), (2, "李女士")] {
        let r =
            b.t.post(
                &objections,
                None,
                objection(line, name, "13812345678", text),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert!(
            r.json()["reference"]
                .as_str()
                .unwrap_or("")
                .starts_with("O-")
        );
    }
    let end = format!("/api/v1/fund-publicities/{publicity}/end");
    let r = b.t.post(&end, Some(&b.chief_ip3), json!(null)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the period still runs");

    let review =
        b.t.get(
            &format!("/api/v1/fund-publicities/{publicity}/review"),
            Some(&b.chief_ip3),
        )
        .await
        .json();
    assert_eq!(
        review["objections"][0]["contact"], "138 1234 5678",
        "the division sees the objector's phone as people write it"
    );
    let first = review["objections"][0]["id"].as_str().unwrap_or_default();
    let decision = format!("/api/v1/fund-objections/{first}/decision");
    let r =
        b.t.post(
            &decision,
            Some(&b.chief_ip3),
            json!({"status": "upheld", "note": " "}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "note");
    let r =
        b.t.post(
            &decision,
            Some(&b.chief_ip3),
            json!({"status": "upheld", "note": "投资未到位，已核实"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Three working days later the job's work is due: the scheduled scan ends the period.
    b.t.clock.advance_minutes(10 * DAY_MINUTES);
    assert_eq!(app::funds::publicity::end_due(&b.t.app).await.ok(), Some(1));
    assert_eq!(status_of(&b, &pays[0]).await, "cancelled", "upheld");
    assert_eq!(
        status_of(&b, &pays[1]).await,
        "approved",
        "held by the open one"
    );
    assert_eq!(status_of(&b, &pays[2]).await, "cleared", "no objection");
    let r = b.t.post(&end, Some(&b.chief_ip3), json!(null)).await;
    assert_eq!(r.status, StatusCode::OK, "ending again changes nothing");
    let outcomes: Vec<Value> = r.json()["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i["outcome"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        outcomes,
        [json!("cancelled"), json!("held"), json!("cleared")]
    );

    // Objections are no longer taken; dismissing the open one releases its payment.
    let r =
        b.t.post(&objections, None, objection(3, "张三", "13812345678", text))
            .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let second = r_id(&b, &publicity, 1).await;
    let r =
        b.t.post(
            &format!("/api/v1/fund-objections/{second}/decision"),
            Some(&b.chief_ip3),
            json!({"status": "dismissed", "note": "投资已到位"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(status_of(&b, &pays[1]).await, "cleared");
}

/// The id of the `n`th objection of a publicity.
async fn r_id(b: &Bureau, publicity: &str, n: usize) -> String {
    b.t.get(
        &format!("/api/v1/fund-publicities/{publicity}/review"),
        Some(&b.chief_ip3),
    )
    .await
    .json()["objections"][n]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn objections_are_refused_naming_each_field_and_the_public_list_shows_nothing_private() {
    let b = bureau().await;
    let (id, pays) = approved_three(&b, 5).await;
    let r =
        b.t.post(
            &format!("/api/v1/fund-programmes/{id}/publicities"),
            Some(&b.chief_ip3),
            json!(null),
        )
        .await;
    let publicity = r.json()["id"].as_str().unwrap_or_default().to_owned();
    let public =
        b.t.get(&format!("/api/v1/fund-publicities/{publicity}"), None)
            .await;
    assert_eq!(public.status, StatusCode::OK);
    let body = public.text();
    assert_eq!(public.json()["lines"][1]["amount"], 200_000);
    assert_eq!(public.json()["total"], 350_000);
    for private in [FIRM_A, FIRM_B, pays[0].as_str(), "contact", "payment_id"] {
        assert!(!body.contains(private), "{private} leaks: {body}");
    }

    let objections = format!("/api/v1/fund-publicities/{publicity}/objections");
    let r =
        b.t.post(&objections, None, objection(9, " ", "not a phone", "短"))
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let fields: Vec<Value> = r.json()["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        [
            json!("line"),
            json!("name"),
            json!("contact"),
            json!("text")
        ]
    );
    let mut bot = objection(1, "Bot", "bot@example.com", "a long enough text here");
    bot["website"] = json!("http://spam.example");
    let r = b.t.post(&objections, None, bot).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let review =
        b.t.get(
            &format!("/api/v1/fund-publicities/{publicity}/review"),
            Some(&b.chief_ip3),
        )
        .await;
    assert_eq!(
        review.json()["objections"],
        json!([]),
        "nothing half-written"
    );
    // Another division's staff do not see the objections.
    let other =
        b.t.get(
            &format!("/api/v1/fund-publicities/{publicity}/review"),
            Some(&b.staff_ft),
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);

    // Five objections per address in ten minutes (the two refused above count), then 429.
    for n in 0..4 {
        let r =
            b.t.post(
                &objections,
                None,
                objection(1, "赵先生", "zhao@example.com", "请核实该企业的员工人数。"),
            )
            .await;
        let want = if n < 3 {
            StatusCode::CREATED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(r.status, want, "objection {n}: {}", r.text());
    }
}
