//! The general job queue: work that must happen after a use case commits (a reply posted to a
//! group's robot, later notices, e-mail, payment files, reports), durable and retried.
//!
//! A module registers its kinds ([`Kind`]: a code, a back-off schedule, a number of attempts,
//! a handler) in the [`Registry`] the [`App`] holds; this module never names a kind. A use case
//! queues a job with [`enqueue`] inside its own transaction, so the job exists exactly when the
//! change that caused it does. The [`worker`] claims due jobs in batches under a lease and
//! records their outcomes in batches. Admins list failed and dead jobs and retry them now.

pub mod schedule;
pub mod worker;

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use domain::{Action, Id, Resource, new_id};
use serde::Serialize;
use serde_json::json;
use store::Tx;
pub use store::jobs::StateFilter;
use store::jobs::{JobRecord, NewJob};

pub use schedule::Backoff;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Page, Result};

/// A claimed job, as its handler gets it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    pub subject: Option<String>,
    /// This attempt's number, from 1.
    pub attempt: i64,
}

/// What a handler returns: Ok when the work is done, else why it failed (shown to admins).
pub type JobFuture = Pin<Box<dyn Future<Output = std::result::Result<(), String>> + Send>>;
type Handler = Arc<dyn Fn(App, Job) -> JobFuture + Send + Sync>;

/// A kind of job, as a module declares it.
#[derive(Clone)]
pub struct Kind {
    pub code: &'static str,
    pub backoff: Backoff,
    /// Attempts before the job is dead.
    pub max_attempts: i64,
    handler: Handler,
}

impl Kind {
    pub fn new<F, Fut>(code: &'static str, backoff: Backoff, max_attempts: i64, run: F) -> Kind
    where
        F: Fn(App, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<(), String>> + Send + 'static,
    {
        Kind {
            code,
            backoff,
            max_attempts: max_attempts.max(1),
            handler: Arc::new(move |app, job| Box::pin(run(app, job))),
        }
    }
}

/// The kinds this process can run, and the worker's counters.
#[derive(Default)]
pub struct Registry {
    kinds: RwLock<BTreeMap<&'static str, Kind>>,
    /// Write transactions that claimed at least one job.
    pub claim_batches: AtomicU64,
    /// Write transactions that recorded outcomes.
    pub outcome_batches: AtomicU64,
    /// Attempts that ended (done, failed or dead).
    pub attempts_finished: AtomicU64,
}

impl Registry {
    /// Adds (or replaces) a kind.
    pub fn register(&self, kind: Kind) {
        if let Ok(mut k) = self.kinds.write() {
            k.insert(kind.code, kind);
        }
    }

    pub fn get(&self, code: &str) -> Option<Kind> {
        self.kinds.read().ok()?.get(code).cloned()
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.kinds
            .read()
            .map(|k| k.keys().copied().collect())
            .unwrap_or_default()
    }

    fn count(&self, counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// Queues a job of a registered kind in `tx`, due now. `subject` names what it is about (a
/// case id), so that its module can show its state.
pub async fn enqueue(
    app: &App,
    tx: &mut Tx,
    kind: &str,
    subject: Option<String>,
    payload: &serde_json::Value,
) -> Result<Id> {
    enqueue_at(app, tx, kind, subject, payload, app.now()).await
}

/// [`enqueue`], due at `run_at` (epoch ms).
pub async fn enqueue_at(
    app: &App,
    tx: &mut Tx,
    kind: &str,
    subject: Option<String>,
    payload: &serde_json::Value,
    run_at: i64,
) -> Result<Id> {
    let k = app
        .jobs
        .get(kind)
        .ok_or_else(|| AppError::Unexpected(format!("no job kind {kind} is registered")))?;
    let id = new_id();
    store::jobs::insert(
        tx,
        &NewJob {
            id,
            kind: k.code.to_owned(),
            payload: payload.to_string(),
            subject,
            max_attempts: k.max_attempts,
            run_at,
            now: app.now(),
        },
    )
    .await?;
    Ok(id)
}

/// A job as admins and modules see it; the payload stays inside (it may hold a webhook key).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct JobView {
    pub id: String,
    pub kind: String,
    pub subject: Option<String>,
    /// `queued`, `running`, `failed` (waiting for another attempt), `dead` or `done`.
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    /// When the next attempt is due (queued and failed jobs).
    pub run_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

pub fn view(j: &JobRecord) -> JobView {
    let state = match j.state.as_str() {
        "queued" if j.last_error.is_some() => "failed",
        s => s,
    };
    JobView {
        id: j.id.to_string(),
        kind: j.kind.clone(),
        subject: j.subject.clone(),
        state: state.to_owned(),
        attempts: j.attempts,
        max_attempts: j.max_attempts,
        run_at: (j.state == "queued").then_some(j.run_at),
        last_error: j.last_error.clone(),
        created_at: j.created_at,
        finished_at: j.finished_at,
    }
}

/// Parses the `state` filter of a list; None (absent) lists failed and dead jobs.
pub fn parse_state(s: Option<&str>) -> Result<StateFilter> {
    Ok(match s.unwrap_or("") {
        "" | "failed_or_dead" => StateFilter::Troubled,
        "queued" => StateFilter::Queued,
        "running" => StateFilter::Running,
        "failed" => StateFilter::Failed,
        "dead" => StateFilter::Dead,
        "done" => StateFilter::Done,
        _ => {
            return Err(AppError::invalid(
                "state",
                "invalid_choice",
                "state must be one of queued, running, failed, dead, done, failed_or_dead",
            ));
        }
    })
}

/// Jobs in a state, newest first (admins).
pub async fn list(
    app: &App,
    ctx: &Ctx,
    filter: StateFilter,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<JobView>> {
    ctx.require(Resource::Job, Action::Read)?;
    let before = match cursor {
        None | Some("") => None,
        Some(c) => Some(
            uuid::Uuid::parse_str(c)
                .map_err(|_| AppError::invalid("cursor", "invalid_cursor", "not a cursor"))?,
        ),
    };
    let mut rd = app.db.read().await?;
    let page = store::jobs::list(&mut rd, filter, limit.clamp(1, 200), before).await?;
    Ok(Page {
        items: page.items.iter().map(view).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// Makes a failed or dead job due now (admins), with one more attempt if it had none left.
pub async fn retry(app: &App, ctx: &Ctx, id: &str) -> Result<JobView> {
    ctx.require(Resource::Job, Action::Update)?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let before = store::jobs::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(after) = store::jobs::retry_now(&mut tx, id, app.now()).await? else {
        return Err(AppError::Conflict(
            "job_not_retryable",
            "only a failed or dead job can be retried".into(),
        ));
    };
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "job.retry",
            object_type: "job",
            object_id: id.to_string(),
            before: Some(json!({"kind": before.kind, "state": view(&before).state, "attempts": before.attempts, "last_error": before.last_error})),
            after: Some(json!({"state": "queued", "run_at": after.run_at, "max_attempts": after.max_attempts})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(&after))
}

/// Jobs of `kind` about `subject`, oldest first (for the module that owns the subject; it
/// checks its own permission).
pub async fn of_subject(app: &App, kind: &str, subject: &str) -> Result<Vec<JobView>> {
    let mut rd = app.db.read().await?;
    Ok(store::jobs::of_subject(&mut rd, kind, subject)
        .await?
        .iter()
        .map(view)
        .collect())
}

/// Per kind: unfinished jobs and the age of the oldest queued one, for `/metrics`.
#[derive(Debug, Clone, Serialize)]
pub struct KindGauges {
    pub kind: String,
    pub queued: i64,
    pub running: i64,
    pub failed: i64,
    pub dead: i64,
    pub oldest_queued_age_s: f64,
}

pub async fn gauges(app: &App) -> Result<Vec<KindGauges>> {
    let mut rd = app.db.read().await?;
    let counts = store::jobs::counts(&mut rd).await?;
    let now = app.now();
    let mut out: Vec<KindGauges> = app
        .jobs
        .codes()
        .into_iter()
        .map(|k| KindGauges {
            kind: k.to_owned(),
            queued: 0,
            running: 0,
            failed: 0,
            dead: 0,
            oldest_queued_age_s: 0.0,
        })
        .collect();
    for c in counts {
        let g = KindGauges {
            kind: c.kind.clone(),
            queued: c.queued,
            running: c.running,
            failed: c.failed,
            dead: c.dead,
            oldest_queued_age_s: c
                .oldest_queued_at
                .map_or(0.0, |t| (now - t).max(0) as f64 / 1000.0),
        };
        match out.iter_mut().find(|o| o.kind == c.kind) {
            Some(o) => *o = g,
            None => out.push(g),
        }
    }
    Ok(out)
}
