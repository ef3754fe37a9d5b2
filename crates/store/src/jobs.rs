//! The job queue's table: enqueue inside any use case's transaction, claim a batch under a
//! lease, record a batch of outcomes, list and count for admins and metrics.
//!
//! A claim is one statement: on PostgreSQL its inner select takes `FOR UPDATE SKIP LOCKED`, so
//! workers of several instances claim disjoint batches without waiting for each other; SQLite
//! has one writer, so a claim is simply one write transaction. An outcome is recorded only by
//! the worker that holds the job's lease for that attempt. This module knows no job kind.

use domain::Id;

use crate::db::{Backend, Row, Tx, Value, q};
use crate::list::{ListQuery, paged};
use crate::{Page, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    pub subject: Option<String>,
    /// `queued`, `running`, `done` or `dead`.
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
    pub lease_until: Option<i64>,
    pub lease_owner: Option<String>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

const COLS: &str = "id, kind, payload, subject, state, attempts, max_attempts, run_at, lease_until, lease_owner, last_error, created_at, updated_at, finished_at";

fn from_row(r: &Row) -> Result<JobRecord> {
    Ok(JobRecord {
        id: r.get("id")?,
        kind: r.get("kind")?,
        payload: r.get("payload")?,
        subject: r.get("subject")?,
        state: r.get("state")?,
        attempts: r.get("attempts")?,
        max_attempts: r.get("max_attempts")?,
        run_at: r.get("run_at")?,
        lease_until: r.get("lease_until")?,
        lease_owner: r.get("lease_owner")?,
        last_error: r.get("last_error")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        finished_at: r.get("finished_at")?,
    })
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    pub subject: Option<String>,
    pub max_attempts: i64,
    pub run_at: i64,
    pub now: i64,
}

pub async fn insert(tx: &mut Tx, j: &NewJob) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO jobs ({COLS}) VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, NULL, NULL, NULL, $7, $7, NULL)"))
            .bind(j.id)
            .bind(&j.kind)
            .bind(&j.payload)
            .bind(j.subject.clone())
            .bind(j.max_attempts)
            .bind(j.run_at)
            .bind(j.now),
    )
    .await?;
    Ok(())
}

/// Claims up to `limit` due jobs of `kinds` for `owner` until `lease_until`, counting the
/// attempt. A job whose lease ran out is due again; if that was its last attempt, it is dead.
pub async fn claim(
    tx: &mut Tx,
    kinds: &[&str],
    owner: &str,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<JobRecord>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    tx.execute(
        q("UPDATE jobs SET state = 'dead', lease_until = NULL, lease_owner = NULL, updated_at = $1, finished_at = $1, last_error = 'the worker stopped before it finished the last attempt' WHERE state = 'running' AND lease_until <= $1 AND attempts >= max_attempts")
            .bind(now),
    )
    .await?;
    let lock = match tx.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let mut query = q("").bind(lease_until).bind(owner).bind(now);
    let mut list = Vec::with_capacity(kinds.len());
    for k in kinds {
        list.push(format!("${}", query.next_param()));
        query = query.bind(*k);
    }
    let sql = format!(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $1, lease_owner = $2, updated_at = $3 \
         WHERE id IN (SELECT id FROM jobs WHERE ((state = 'queued' AND run_at <= $3) OR (state = 'running' AND lease_until <= $3)) \
         AND attempts < max_attempts AND kind IN ({}) ORDER BY run_at, id LIMIT {limit}{lock}) RETURNING {COLS}",
        list.join(", ")
    );
    tx.fetch_all(query.push_sql(&sql))
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Failed; try again at `run_at`.
    Retry {
        run_at: i64,
        error: String,
    },
    /// Failed for the last time.
    Dead {
        error: String,
    },
}

/// Records one attempt's outcome, if `owner` still holds the job for attempt `attempts`
/// (a worker whose lease ran out and was claimed again records nothing). Returns whether it did.
pub async fn record(
    tx: &mut Tx,
    id: Id,
    owner: &str,
    attempts: i64,
    outcome: &Outcome,
    now: i64,
) -> Result<bool> {
    let (state, run_at, error, finished): (&str, Option<i64>, Option<&str>, Option<i64>) =
        match outcome {
            Outcome::Done => ("done", None, None, Some(now)),
            Outcome::Retry { run_at, error } => ("queued", Some(*run_at), Some(error), None),
            Outcome::Dead { error } => ("dead", None, Some(error), Some(now)),
        };
    let n = tx
        .execute(
            q("UPDATE jobs SET state = $4, run_at = coalesce($5, run_at), last_error = $6, finished_at = $7, updated_at = $8, lease_until = NULL, lease_owner = NULL WHERE id = $1 AND state = 'running' AND lease_owner = $2 AND attempts = $3")
                .bind(id)
                .bind(owner)
                .bind(attempts)
                .bind(state)
                .bind(run_at)
                .bind(error)
                .bind(finished)
                .bind(now),
        )
        .await?;
    Ok(n == 1)
}

/// Makes a failed or dead job due now, with one more attempt if it had none left; it waits
/// as a fresh job (its last error is in the audit entry of the retry). None when the job is not waiting after a failure (running, done, or never failed).
pub async fn retry_now(tx: &mut Tx, id: Id, now: i64) -> Result<Option<JobRecord>> {
    tx.fetch_optional(
        q(format!("UPDATE jobs SET state = 'queued', run_at = $2, updated_at = $2, finished_at = NULL, last_error = NULL, \
                   max_attempts = CASE WHEN max_attempts > attempts THEN max_attempts ELSE attempts + 1 END \
                   WHERE id = $1 AND last_error IS NOT NULL AND state IN ('queued', 'dead') RETURNING {COLS}"))
            .bind(id)
            .bind(now),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub async fn get(tx: &mut Tx, id: Id) -> Result<Option<JobRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM jobs WHERE id = $1")).bind(id))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Jobs of `kind` about `subject`, oldest first.
pub async fn of_subject(tx: &mut Tx, kind: &str, subject: &str) -> Result<Vec<JobRecord>> {
    tx.fetch_all(
        q(format!(
            "SELECT {COLS} FROM jobs WHERE subject = $1 AND kind = $2 ORDER BY created_at, id"
        ))
        .bind(subject)
        .bind(kind),
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Which jobs a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Queued,
    Running,
    /// Waiting for another attempt after a failure.
    Failed,
    Dead,
    Done,
    /// Failed or dead: what needs an admin's eye.
    Troubled,
}

impl StateFilter {
    fn sql(self) -> &'static str {
        match self {
            StateFilter::Queued => "state = 'queued'",
            StateFilter::Running => "state = 'running'",
            StateFilter::Failed => "state = 'queued' AND last_error IS NOT NULL",
            StateFilter::Dead => "state = 'dead'",
            StateFilter::Done => "state = 'done'",
            StateFilter::Troubled => {
                "(state = 'dead' OR (state = 'queued' AND last_error IS NOT NULL))"
            }
        }
    }
}

/// Newest first; `before` is the id the previous page ended with.
pub async fn list(
    tx: &mut Tx,
    filter: StateFilter,
    limit: i64,
    before: Option<Id>,
) -> Result<Page<JobRecord>> {
    let lq = ListQuery {
        cols: COLS,
        from: "jobs",
        where_: format!(" WHERE {}", filter.sql()),
        args: Vec::new(),
        after: before.map(|b| ("id <", Value::from(b))),
        order: "id DESC",
        limit,
    };
    paged(tx, lq, from_row, |j| j.id.to_string()).await
}

/// One kind's unfinished jobs, for metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub kind: String,
    pub queued: i64,
    pub running: i64,
    pub failed: i64,
    pub dead: i64,
    /// When the oldest queued job was queued.
    pub oldest_queued_at: Option<i64>,
}

pub async fn counts(tx: &mut Tx) -> Result<Vec<KindCounts>> {
    let rows = tx
        .fetch_all(q(
            "SELECT kind, \
             sum(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) AS queued, \
             sum(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS running, \
             sum(CASE WHEN state = 'queued' AND last_error IS NOT NULL THEN 1 ELSE 0 END) AS failed, \
             sum(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) AS dead, \
             min(CASE WHEN state = 'queued' THEN created_at END) AS oldest \
             FROM jobs WHERE state IN ('queued', 'running', 'dead') GROUP BY kind ORDER BY kind",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(KindCounts {
                kind: r.get("kind")?,
                queued: r.get("queued")?,
                running: r.get("running")?,
                failed: r.get("failed")?,
                dead: r.get("dead")?,
                oldest_queued_at: r.get("oldest")?,
            })
        })
        .collect()
}
