//! Back-pressure (issue 12, bad input and load): past capacity a request is refused with 503,
//! `Retry-After` and a problem body, and nothing of it is written; below capacity every
//! request waits its turn and is written. The gate is filled by holding its places, so no
//! test depends on timing.

use std::time::Duration;

use axum::http::StatusCode;
use testkit::PASSWORD;
use testkit::bureau::{Bureau, bureau};
use web::admission::{Limit, Settings};

use crate::funds::bonus;

fn limits(write: Limit, read: Limit) -> web::WebSettings {
    web::WebSettings {
        admission: Settings {
            write,
            read,
            retry_after_secs: 3,
        },
        ..Default::default()
    }
}

fn limit(in_flight: usize, queue: usize) -> Limit {
    Limit {
        in_flight,
        queue,
        // Long enough never to run out in a test: the queue is only left by a freed place.
        wait: Duration::from_secs(60),
    }
}

/// How many programmes, and audit entries about programmes, the bureau holds.
async fn written(b: &Bureau, auditor: &str) -> (usize, usize) {
    let list = b.t.get("/api/v1/fund-programmes", Some(&b.staff_ip3)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let trail =
        b.t.get("/api/v1/audit?object_type=fund_programme", Some(auditor))
            .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text());
    let n = |v: &serde_json::Value| v["items"].as_array().map_or(0, Vec::len);
    (n(&list.json()), n(&trail.json()))
}

#[tokio::test]
async fn past_capacity_a_write_is_refused_with_retry_after_and_nothing_of_it_is_written() {
    let mut b = bureau().await;
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    b.t.with_web(limits(limit(1, 0), limit(64, 64)));
    // Someone holds the one place for writes, and the line is empty: a write is refused.
    let held = b.t.state.admission.write.try_admit();
    assert!(held.is_some());
    let body = bonus("surge_bonus");
    let r =
        b.t.spawn_post(
            "/api/v1/fund-programmes",
            &b.staff_ip3,
            &body,
            Some("surge-1"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("3"));
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], 503);
    assert_eq!(p["code"], "overloaded");
    assert_eq!(p["type"], "/problems/overloaded");
    // Reads have a gate of their own and go on; so does the health check.
    assert_eq!(written(&b, &auditor).await, (0, 0), "nothing was written");
    assert_eq!(b.t.get("/healthz", None).await.status, StatusCode::OK);
    let m = b.t.get("/metrics", None).await.text();
    assert!(
        m.contains("lifeline_admission_refused_total{class=\"write\"} 1"),
        "{m}"
    );

    // Once the place is free, the same request with the same key is done for the first time
    // (the refusal left no idempotency record to replay).
    drop(held);
    let r =
        b.t.spawn_post(
            "/api/v1/fund-programmes",
            &b.staff_ip3,
            &body,
            Some("surge-1"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.header("idempotent-replayed"), None);
    assert_eq!(written(&b, &auditor).await, (1, 1));
}

#[tokio::test]
async fn below_capacity_every_write_waits_its_turn_and_all_are_written() {
    let mut b = bureau().await;
    let (_, auditor) = b.t.user_with_token("aud@example.cn", "auditor", None).await;
    b.t.with_web(limits(limit(1, 16), limit(64, 64)));
    let held = b.t.state.admission.write.try_admit();
    let sent: Vec<_> = (0..8)
        .map(|i| {
            b.t.spawn_post(
                "/api/v1/fund-programmes",
                &b.staff_ip3,
                &bonus(&format!("bonus_{i}")),
                Some(&format!("wave-{i}")),
            )
        })
        .collect();
    // All eight wait in the line while the place is held.
    while b.t.state.admission.write.stats().1 < 8 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(written(&b, &auditor).await, (0, 0));
    drop(held);
    for s in sent {
        let r = s.await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    assert_eq!(written(&b, &auditor).await, (8, 8));
    assert_eq!(b.t.state.admission.write.stats(), (0, 0, 0), "none refused");
}

#[tokio::test]
async fn a_browser_past_capacity_gets_a_busy_page_with_retry_after() {
    let mut b = bureau().await;
    let (session, _) =
        b.t.browser_login("ip3@example.cn", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("{}", r.text()));
    b.t.with_web(limits(limit(64, 64), limit(1, 0)));
    let held = b.t.state.admission.read.try_admit();
    let r = b.t.page("/staff/funds", &session).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header("retry-after"), Some("3"));
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
    );
    assert!(r.text().contains("503"), "{}", r.text());
    drop(held);
    assert_eq!(
        b.t.page("/staff/funds", &session).await.status,
        StatusCode::OK
    );
}
