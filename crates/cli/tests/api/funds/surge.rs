//! A surge of applications past capacity (issue 12, bad input and load): a refused submission
//! is 503 with Retry-After and writes nothing, not even its Idempotency-Key, so the same
//! request sent again makes the application once; the ones that wait their turn are all
//! written. The gate is filled by holding its places, so nothing here depends on timing.

use std::time::Duration;

use axum::http::StatusCode;
use testkit::bureau::bureau;
use web::admission::{Limit, Settings};

use super::applications::{application, rows, sme_fund};

fn writes(in_flight: usize, queue: usize) -> web::WebSettings {
    web::WebSettings {
        admission: Settings {
            write: Limit {
                in_flight,
                queue,
                wait: Duration::from_secs(60),
            },
            ..Settings::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn a_refused_application_leaves_nothing_and_the_same_key_then_makes_it_once() {
    let mut b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    b.t.with_web(writes(1, 0));
    let body = application(&sme, 2_000_000);
    let held = b.t.state.admission.write.try_admit();
    let path = "/api/v1/funds/applications";
    let r =
        b.t.spawn_post(path, &b.firm_a, &body, Some("rush-1"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.json()["code"], "overloaded");
    assert_eq!(rows(&b).await, (0, 0, 0), "nothing of it was written");

    drop(held);
    let first =
        b.t.spawn_post(path, &b.firm_a, &body, Some("rush-1"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let again =
        b.t.spawn_post(path, &b.firm_a, &body, Some("rush-1"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(rows(&b).await, (1, 1, 2));
}

#[tokio::test]
async fn applications_waiting_their_turn_are_all_written() {
    let mut b = bureau().await;
    let (sme, _) = sme_fund(&b).await;
    b.t.with_web(writes(1, 4));
    let held = b.t.state.admission.write.try_admit();
    let body = application(&sme, 2_000_000);
    let path = "/api/v1/funds/applications";
    let a = b.t.spawn_post(path, &b.firm_a, &body, Some("wave-a"));
    let c = b.t.spawn_post(path, &b.firm_b, &body, Some("wave-b"));
    while b.t.state.admission.write.stats().1 < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(rows(&b).await, (0, 0, 0));
    drop(held);
    for s in [a, c] {
        let r = s.await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    assert_eq!(rows(&b).await, (2, 2, 4));
}
