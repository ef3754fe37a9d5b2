//! The queue's worker: one write transaction claims a batch of due jobs under a lease, their
//! handlers run as tokio tasks side by side, and one write transaction records all their
//! outcomes. A fan-out of 100,000 deliveries thus costs two write transactions per batch,
//! not per delivery.
//!
//! At least once: a worker that stops mid-batch (a crash) leaves its jobs leased; when the
//! lease runs out another worker claims them again, and the late worker's outcomes are
//! refused. On shutdown the worker claims nothing new and finishes the batch it holds.

use std::time::Duration;

use domain::new_id;
use store::jobs::{JobRecord, Outcome};
use tokio::sync::watch;

use super::{Job, Kind};
use crate::{App, Result};

/// Jobs claimed per write transaction.
pub const BATCH: i64 = 100;
/// How long a claimed batch stays with its worker before others may claim it again.
pub const LEASE_MS: i64 = 5 * 60_000;
/// How often an idle worker looks for due jobs.
const IDLE: Duration = Duration::from_secs(1);

/// The result of one claimed job's attempt.
pub struct Finished {
    pub job: JobRecord,
    pub result: std::result::Result<(), String>,
}

/// Claims up to `limit` due jobs of the registered kinds for `owner`, in one write transaction.
pub async fn claim(app: &App, owner: &str, limit: i64) -> Result<Vec<JobRecord>> {
    let kinds = app.jobs.codes();
    let now = app.now();
    let mut tx = app.db.begin_unserialised().await?;
    let jobs = store::jobs::claim(&mut tx, &kinds, owner, now, now + LEASE_MS, limit).await?;
    tx.commit().await?;
    if !jobs.is_empty() {
        app.jobs.count(&app.jobs.claim_batches, 1);
    }
    Ok(jobs)
}

/// Runs claimed jobs' handlers side by side; a handler that panics counts as a failure.
pub async fn run(app: &App, jobs: Vec<JobRecord>) -> Vec<Finished> {
    let mut running = Vec::with_capacity(jobs.len());
    for j in jobs {
        let task = app.jobs.get(&j.kind).map(|kind: Kind| {
            let job = Job {
                id: j.id,
                kind: j.kind.clone(),
                payload: j.payload.clone(),
                subject: j.subject.clone(),
                attempt: j.attempts,
            };
            tokio::spawn((kind.handler)(app.clone(), job))
        });
        running.push((j, task));
    }
    let mut done = Vec::with_capacity(running.len());
    for (job, task) in running {
        let result = match task {
            Some(t) => t
                .await
                .unwrap_or_else(|e| Err(format!("the job's handler failed: {e}"))),
            None => Err(format!("no handler for the kind {}", job.kind)),
        };
        done.push(Finished { job, result });
    }
    done
}

/// Records the outcomes of a batch in one write transaction; returns how many were recorded
/// (a job whose lease ran out and was claimed by another worker is not).
pub async fn record(app: &App, owner: &str, finished: &[Finished]) -> Result<usize> {
    if finished.is_empty() {
        return Ok(0);
    }
    let now = app.now();
    let mut tx = app.db.begin_unserialised().await?;
    let mut recorded = 0;
    for f in finished {
        let outcome = match &f.result {
            Ok(()) => Outcome::Done,
            Err(error) if f.job.attempts >= f.job.max_attempts => Outcome::Dead {
                error: error.clone(),
            },
            Err(error) => {
                let backoff = app
                    .jobs
                    .get(&f.job.kind)
                    .map_or(super::Backoff::PATIENT, |k| k.backoff);
                Outcome::Retry {
                    run_at: now + backoff.delay_ms(f.job.attempts),
                    error: error.clone(),
                }
            }
        };
        if let Err(error) = &f.result {
            tracing::warn!(job = %f.job.id, kind = %f.job.kind, attempt = f.job.attempts, %error, "a job failed");
        }
        if store::jobs::record(&mut tx, f.job.id, owner, f.job.attempts, &outcome, now).await? {
            recorded += 1;
        }
    }
    tx.commit().await?;
    app.jobs.count(&app.jobs.outcome_batches, 1);
    app.jobs
        .count(&app.jobs.attempts_finished, finished.len() as u64);
    Ok(recorded)
}

/// Claims one batch, runs it and records it; returns how many jobs were tried.
pub async fn run_once(app: &App, owner: &str) -> Result<usize> {
    let jobs = claim(app, owner, BATCH).await?;
    let n = jobs.len();
    if n == 0 {
        return Ok(0);
    }
    let finished = run(app, jobs).await;
    // If this fails, the leases run out and the jobs are tried again (at least once).
    record(app, owner, &finished).await?;
    Ok(n)
}

/// A new worker identity (one per process).
pub fn owner_id() -> String {
    format!("worker-{}", new_id())
}

/// Drains the queue until `stop` turns true; then finishes the batch it holds and returns.
pub fn spawn(app: App, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let owner = owner_id();
        while !*stop.borrow() {
            let tried = match run_once(&app, &owner).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = ?e, "the job worker could not run a batch");
                    0
                }
            };
            // A full batch: more may be due; go on at once.
            if tried as i64 >= BATCH {
                continue;
            }
            // A dropped sender counts as a stop.
            let stopped = tokio::select! {
                _ = tokio::time::sleep(IDLE) => false,
                changed = stop.changed() => changed.is_err(),
            };
            if stopped {
                break;
            }
        }
    })
}
