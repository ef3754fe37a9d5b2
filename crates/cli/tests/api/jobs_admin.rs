//! Failed and dead jobs for admins: back-off, dead after the last attempt, the page and the API
//! that list them, "retry now" (CSRF, audited), and nobody but admins.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use app::jobs::{Backoff, Kind, worker};
use axum::http::StatusCode;
use serde_json::{Value, json};
use testkit::{PASSWORD, TestApp};

/// A kind whose handler fails while `broken` is set: 1 minute, then 2, …; two attempts.
fn flaky_kind(t: &TestApp) -> Arc<AtomicBool> {
    let broken = Arc::new(AtomicBool::new(true));
    let b = broken.clone();
    t.app.jobs.register(Kind::new(
        "test_flaky",
        Backoff::Doubling {
            first_ms: 60_000,
            max_ms: 86_400_000,
        },
        2,
        move |_app, _job| {
            let b = b.clone();
            async move {
                if b.load(Ordering::SeqCst) {
                    Err("the bank's gateway is closed".to_owned())
                } else {
                    Ok(())
                }
            }
        },
    ));
    broken
}

async fn enqueue(t: &TestApp, kind: &str, payload: Value) -> String {
    let mut tx = t.app.db.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let id = app::jobs::enqueue(&t.app, &mut tx, kind, None, &payload)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    id.to_string()
}

async fn run(t: &TestApp) -> usize {
    worker::run_once(&t.app, "worker-1")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_failing_job_backs_off_dies_and_an_admin_retries_it_over_the_api() {
    let t = TestApp::new().await;
    let broken = flaky_kind(&t);
    let (_, admin) = t.user_with_token("root@example.cn", "admin", None).await;
    let (_, staff) = t
        .user_with_token("staff@example.cn", "division_staff", Some("IP3"))
        .await;
    let (_, auditor) = t.user_with_token("audit@example.cn", "auditor", None).await;
    let id = enqueue(&t, "test_flaky", json!({"file": "payments-0301.txt"})).await;

    assert_eq!(run(&t).await, 1);
    let failed = t
        .get("/api/v1/jobs?state=failed", Some(&admin))
        .await
        .json();
    assert_eq!(failed["total"], 1, "{failed}");
    let job = &failed["items"][0];
    assert_eq!(job["id"], id);
    assert_eq!(
        (job["state"].as_str(), job["attempts"].as_i64()),
        (Some("failed"), Some(1))
    );
    assert_eq!(job["last_error"], "the bank's gateway is closed");
    let metrics = t.get("/metrics", None).await.text();
    assert!(
        metrics.contains("lifeline_jobs_failed{kind=\"test_flaky\"} 1\n"),
        "{metrics}"
    );
    assert!(
        job.get("payload").is_none(),
        "the payload stays inside: {job}"
    );
    // Not due again before its back-off has passed.
    assert_eq!(run(&t).await, 0);
    t.clock.advance_minutes(2);
    assert_eq!(run(&t).await, 1);
    let dead = t.get("/api/v1/jobs?state=dead", Some(&admin)).await.json();
    assert_eq!(dead["items"][0]["id"], id, "{dead}");
    assert_eq!(dead["items"][0]["attempts"], 2);
    // The default list is what needs an admin's eye: failed and dead.
    assert_eq!(t.get("/api/v1/jobs", Some(&admin)).await.json()["total"], 1);
    t.clock.advance_minutes(600);
    assert_eq!(run(&t).await, 0, "a dead job is not tried again by itself");
    let metrics = t.get("/metrics", None).await.text();
    assert!(
        metrics.contains("lifeline_jobs_dead{kind=\"test_flaky\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lifeline_jobs_dead{kind=\"group_reply\"} 0\n"),
        "{metrics}"
    );

    // Only admins see or retry jobs; a bad filter names its field.
    assert_eq!(
        t.get("/api/v1/jobs", Some(&staff)).await.status,
        StatusCode::FORBIDDEN
    );
    let path = format!("/api/v1/jobs/{id}/retry");
    assert_eq!(
        t.post(&path, Some(&staff), json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = t.get("/api/v1/jobs?state=stuck", Some(&admin)).await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
    assert_eq!(bad.json()["errors"][0]["field"], "state", "{}", bad.text());

    broken.store(false, Ordering::SeqCst);
    let r = t.post(&path, Some(&admin), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "queued");
    assert_eq!(run(&t).await, 1);
    let done = t.get("/api/v1/jobs?state=done", Some(&admin)).await.json();
    assert_eq!(done["items"][0]["id"], id);
    assert_eq!(done["items"][0]["attempts"], 3);
    // A done job is not retried; the retry that was made is in the audit trail.
    let again = t.post(&path, Some(&admin), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text());
    let trail = t
        .get("/api/v1/audit?object_type=job", Some(&auditor))
        .await
        .json();
    assert_eq!(trail["total"], 1, "{trail}");
    assert_eq!(trail["items"][0]["action"], "job.retry");
    assert_eq!(trail["items"][0]["object_id"], id);
}

#[tokio::test]
async fn the_admin_page_lists_stopped_replies_in_words_and_retries_one() {
    let t = TestApp::new().await;
    let (url, seen) = crate::consulting::receiver(vec![500; 9]).await;
    t.user("root@example.cn", "admin", None).await;
    t.user("staff@example.cn", "division_staff", Some("IP3"))
        .await;
    let payload =
        json!({"url": url, "format": "generic", "body": "{\"text\":\"hi\"}", "group_id": null});
    let id = enqueue(&t, "group_reply", payload).await;
    // Eight attempts over an hour and more, then it is dead.
    for _ in 0..8 {
        run(&t).await;
        t.clock.advance_minutes(61);
    }
    assert_eq!(seen.lock().map(|v| v.len()).unwrap_or(0), 8);

    let (session, csrf) = t
        .browser_login("root@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    let page = t.page("/staff/jobs?lang=en", &session).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for words in [
        "Background jobs",
        "Reply to a messaging group",
        "Stopped after the last attempt",
        "8 of 8",
        "500",
        "Retry now",
        "8 hours",
    ] {
        assert!(html.contains(words), "no {words:?} on the page:\n{html}");
    }
    assert!(
        !html.contains("group_reply") && !html.contains("job-kind-"),
        "a raw code: {html}"
    );
    let zh = t.page("/staff/jobs?lang=zh-CN", &session).await.text();
    assert!(
        zh.contains("向服务群发送答复") && zh.contains("立即重试"),
        "{zh}"
    );

    // Retry now: without the form's CSRF token nothing happens.
    let form = format!("/staff/jobs/{id}/retry");
    let forged = t.form(&form, &session, "_csrf=forged").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let r = t.form(&form, &session, &format!("_csrf={csrf}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let back = r.header("location").unwrap_or_default().to_owned();
    let waiting = t.page(&format!("{back}&lang=en"), &session).await.text();
    assert!(waiting.contains("will be tried again"), "{waiting}");
    assert!(waiting.contains("Waiting"), "{waiting}");
    assert_eq!(run(&t).await, 1);
    assert_eq!(seen.lock().map(|v| v.len()).unwrap_or(0), 9);

    // Staff do not see the page.
    let (staff, _) = t
        .browser_login("staff@example.cn", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("{}", r.text()));
    assert_eq!(
        t.page("/staff/jobs", &staff).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        !t.page("/staff", &staff)
            .await
            .text()
            .contains("/staff/jobs")
    );
}
