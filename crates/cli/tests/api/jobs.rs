//! The job queue: batched claims and outcomes (visible on `/metrics`), leases that keep two
//! workers off one job and run out when a worker dies, and the upgrade that carries measure 3's
//! old outbox over without losing a queued reply.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::jobs::{Backoff, Kind, worker};
use axum::http::StatusCode;
use serde_json::json;
use testkit::TestApp;

/// Registers a test kind whose handler counts the runs of each job.
fn counting_kind(t: &TestApp, code: &'static str) -> Arc<Mutex<HashMap<String, usize>>> {
    let runs = Arc::new(Mutex::new(HashMap::new()));
    let seen = runs.clone();
    t.app
        .jobs
        .register(Kind::new(code, Backoff::PATIENT, 3, move |_app, job| {
            let seen = seen.clone();
            async move {
                seen.lock()
                    .map(|mut m| *m.entry(job.id.to_string()).or_insert(0) += 1)
                    .map_err(|e| e.to_string())
            }
        }));
    runs
}

/// Queues `n` jobs of `kind` in one transaction, as a use case's fan-out would.
async fn fan_out(t: &TestApp, kind: &str, n: usize) {
    let mut tx = t.app.db.begin().await.unwrap_or_else(|e| panic!("{e}"));
    for i in 0..n {
        app::jobs::enqueue(&t.app, &mut tx, kind, None, &json!({"n": i}))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
}

/// A value of an unlabelled or `kind`-labelled series on `/metrics`.
async fn metric(t: &TestApp, series: &str) -> f64 {
    let text = t.get("/metrics", None).await.text();
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
}

#[tokio::test]
async fn a_fan_out_costs_two_write_transactions_per_batch_not_per_job() {
    let t = TestApp::new().await;
    let runs = counting_kind(&t, "test_fan_out");
    fan_out(&t, "test_fan_out", 250).await;
    t.clock.advance_minutes(2);
    // The test clock also ticks a little with each reading.
    let age = metric(
        &t,
        r#"lifeline_jobs_oldest_queued_age_seconds{kind="test_fan_out"}"#,
    )
    .await;
    assert!((120.0..121.0).contains(&age), "{age}");
    assert_eq!(
        metric(&t, r#"lifeline_jobs_queued{kind="test_fan_out"}"#).await,
        250.0
    );
    let (claims, outcomes) = (
        metric(&t, "lifeline_job_claim_batches_total").await,
        metric(&t, "lifeline_job_outcome_batches_total").await,
    );

    let mut tried = 0;
    loop {
        let n = worker::run_once(&t.app, "worker-1")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if n == 0 {
            break;
        }
        tried += n;
    }
    assert_eq!(tried, 250);
    let runs = runs.lock().map(|m| m.clone()).unwrap_or_default();
    assert_eq!(runs.len(), 250, "every job ran");
    assert!(runs.values().all(|n| *n == 1), "each exactly once");
    // 250 jobs in batches of 100: three claims and three outcome records, not 500 transactions.
    assert_eq!(
        metric(&t, "lifeline_job_claim_batches_total").await - claims,
        3.0
    );
    assert_eq!(
        metric(&t, "lifeline_job_outcome_batches_total").await - outcomes,
        3.0
    );
    assert_eq!(
        metric(&t, r#"lifeline_jobs_queued{kind="test_fan_out"}"#).await,
        0.0
    );
    assert_eq!(
        metric(&t, r#"lifeline_jobs_running{kind="test_fan_out"}"#).await,
        0.0
    );
}

#[tokio::test]
async fn two_workers_side_by_side_never_run_the_same_job() {
    let t = TestApp::new().await;
    let runs = counting_kind(&t, "test_pair");
    fan_out(&t, "test_pair", 180).await;
    let (a, b) = tokio::join!(
        async {
            let mut n = 0;
            while let Ok(k @ 1..) = worker::run_once(&t.app, "worker-a").await {
                n += k;
            }
            n
        },
        async {
            let mut n = 0;
            while let Ok(k @ 1..) = worker::run_once(&t.app, "worker-b").await {
                n += k;
            }
            n
        }
    );
    assert_eq!(a + b, 180, "{a} + {b}");
    let runs = runs.lock().map(|m| m.clone()).unwrap_or_default();
    assert_eq!(runs.len(), 180);
    assert!(runs.values().all(|n| *n == 1), "a job ran twice: {runs:?}");
}

#[tokio::test]
async fn a_lease_keeps_others_off_until_it_runs_out() {
    let t = TestApp::new().await;
    let runs = counting_kind(&t, "test_lease");
    fan_out(&t, "test_lease", 1).await;

    let first = worker::claim(&t.app, "worker-1", 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.len(), 1);
    assert_eq!(
        worker::claim(&t.app, "worker-2", 10)
            .await
            .map(|v| v.len())
            .ok(),
        Some(0),
        "leased to worker-1"
    );
    assert_eq!(
        metric(&t, r#"lifeline_jobs_running{kind="test_lease"}"#).await,
        1.0
    );

    // worker-1 dies with the job. When its lease has run out, worker-2 claims it again.
    t.clock.advance_minutes(worker::LEASE_MS / 60_000 + 1);
    let again = worker::claim(&t.app, "worker-2", 10)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, first[0].id);
    assert_eq!(again[0].attempts, 2, "the lost attempt counts");
    let done = worker::run(&t.app, again).await;
    assert_eq!(
        worker::record(&t.app, "worker-2", &done).await.ok(),
        Some(1)
    );

    // worker-1 comes back late: its outcome is refused, the job stays done.
    let late = worker::run(&t.app, first).await;
    assert_eq!(
        worker::record(&t.app, "worker-1", &late).await.ok(),
        Some(0)
    );
    assert_eq!(runs.lock().map(|m| m.len()).unwrap_or(0), 1);
    let admin = admin(&t).await;
    let r = t.get("/api/v1/jobs?state=done", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let item = &r.json()["items"][0];
    assert_eq!(item["state"], "done");
    assert_eq!(item["attempts"], 2);
}

async fn admin(t: &TestApp) -> String {
    t.user_with_token("root@example.cn", "admin", None).await.1
}

#[tokio::test]
async fn upgrading_carries_queued_replies_of_the_old_outbox_over() {
    let t = TestApp::migrated_through(testkit::pg_url(), 8).await;
    let (url, seen) = crate::consulting::receiver(vec![]).await;
    let pending = uuid::Uuid::now_v7();
    let sent = uuid::Uuid::now_v7();
    t.raw(&format!(
        "INSERT INTO outbox (id, target_url, format, payload, state, attempts, next_attempt_at, last_error, created_at, sent_at) VALUES \
         ('{pending}', '{url}', 'wecom', '{{\"msgtype\":\"text\",\"text\":{{\"content\":\"@张经理 请于3月15日前提交\"}}}}', 'pending', 2, 0, 'the webhook answered 502', 0, NULL), \
         ('{sent}', '{url}', 'generic', '{{}}', 'sent', 1, 0, NULL, 0, 5)"
    ))
    .await;
    t.app.migrate().await.unwrap_or_else(|e| panic!("{e}"));

    let admin = admin(&t).await;
    let failed = t
        .get("/api/v1/jobs?state=failed", Some(&admin))
        .await
        .json();
    assert_eq!(failed["total"], 1, "{failed}");
    assert_eq!(failed["items"][0]["id"], pending.to_string());
    assert_eq!(failed["items"][0]["kind"], "group_reply");
    assert_eq!(failed["items"][0]["attempts"], 2);
    let done = t.get("/api/v1/jobs?state=done", Some(&admin)).await.json();
    assert_eq!(done["items"][0]["id"], sent.to_string());

    // The queued reply still reaches the group's robot, once, as it was written.
    assert_eq!(worker::run_once(&t.app, "worker-1").await.ok(), Some(1));
    let bodies = seen.lock().map(|v| v.clone()).unwrap_or_default();
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].contains("请于3月15日前提交"), "{bodies:?}");
}

#[tokio::test]
async fn on_shutdown_the_worker_finishes_the_job_it_holds() {
    let t = TestApp::new().await;
    let started = Arc::new(tokio::sync::Notify::new());
    let s = started.clone();
    t.app.jobs.register(Kind::new(
        "test_slow",
        Backoff::PATIENT,
        3,
        move |_app, _job| {
            let s = s.clone();
            async move {
                s.notify_one();
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                Ok(())
            }
        },
    ));
    fan_out(&t, "test_slow", 1).await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let handle = worker::spawn(t.app.clone(), stopped);
    started.notified().await;
    // SIGTERM arrives while the job runs: the worker finishes it and records it, then ends.
    let _ = stop.send(true);
    tokio::time::timeout(std::time::Duration::from_secs(10), handle)
        .await
        .unwrap_or_else(|_| panic!("the worker did not stop"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        metric(&t, r#"lifeline_jobs_running{kind="test_slow"}"#).await,
        0.0
    );
    assert_eq!(
        metric(&t, r#"lifeline_jobs_queued{kind="test_slow"}"#).await,
        0.0
    );
    let admin = admin(&t).await;
    let done = t.get("/api/v1/jobs?state=done", Some(&admin)).await.json();
    assert_eq!(done["total"], 1, "{done}");
}
