//! The job queue in the back office (admins): failed and dead jobs, their kind in words, age,
//! attempts and last error, and a button to retry one now.

use app::jobs::{self, JobView};
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::Response;
use domain::{Action, Resource};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::{app_error_page, render, see_other, url_encode};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// Registers the job-queue pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff/jobs",
        Allow(Resource::Job, Action::Read),
        Page,
        "Background jobs: failed and stopped ones",
        list,
    )
    .add(
        M::POST,
        "/staff/jobs/{id}/retry",
        Allow(Resource::Job, Action::Update),
        Page,
        "Retry a background job now",
        retry,
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct JobsQuery {
    pub state: Option<String>,
    pub cursor: Option<String>,
    /// The job just retried, to confirm it.
    pub retried: Option<String>,
}

/// A job as a row of the page: its age in the largest whole unit.
#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    job: JobView,
    age_n: i64,
    age_unit: &'static str,
    retryable: bool,
}

fn age(ms: i64) -> (i64, &'static str) {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        m if m < 60 => (m, "minutes"),
        m if m < 48 * 60 => (m / 60, "hours"),
        m => (m / (24 * 60), "days"),
    }
}

const STATES: [&str; 6] = [
    "failed_or_dead",
    "failed",
    "dead",
    "queued",
    "running",
    "done",
];

pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<JobsQuery>,
) -> Response {
    let state = q
        .state
        .clone()
        .filter(|s| STATES.contains(&s.as_str()))
        .unwrap_or_else(|| "failed_or_dead".into());
    let page = match jobs::parse_state(Some(&state)) {
        Ok(filter) => jobs::list(&s.app, &caller.ctx, filter, 100, q.cursor.as_deref()).await,
        Err(e) => Err(e),
    };
    let page = match page {
        Ok(p) => p,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let now = s.app.now();
    let rows: Vec<Row> = page
        .items
        .into_iter()
        .map(|job| {
            let (age_n, age_unit) = age(now - job.created_at);
            Row {
                retryable: job.state == "failed" || job.state == "dead",
                job,
                age_n,
                age_unit,
            }
        })
        .collect();
    render(
        &s,
        &caller,
        "admin/jobs.html",
        "/staff/jobs",
        context! {
            jobs => Value::from(minijinja::value::Serde(&rows)),
            total => page.total,
            next_cursor => page.next_cursor,
            state => state,
            states => STATES,
            retried => q.retried.is_some(),
        },
    )
    .await
}

pub async fn retry(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Response {
    match jobs::retry(&s.app, &caller.ctx, &id).await {
        Ok(j) => see_other(
            &format!("/staff/jobs?state=queued&retried={}", url_encode(&j.id)),
            &[],
        ),
        Err(e) => app_error_page(&e, caller.locale),
    }
}
