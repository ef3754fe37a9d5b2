//! The staff case list (`/staff/cases`): every case in the caller's scope, filtered, sorted and
//! paged as `GET /api/v1/cases` is (the same query, the same checks), with the open cases per
//! person and links to the export. People are shown by name, statuses and kinds in words, and
//! dates as people write them in the reader's language.

use app::cases::{self, CaseFilter, CaseView};
use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::Response;
use domain::{Action, DivisionCode, Resource};
use minijinja::context;
use serde::Serialize;

use super::measure1::{empty, errors_of, ser};
use super::render;
use crate::AppState;
use crate::api::case_list::{CaseQuery, case_filter};
use crate::guard::Caller;
use crate::i18n::{Arg, Locale, t};
use crate::routes::{Perm, Routes, Surface};

/// How many cases one page shows.
const PAGE: i64 = 50;

/// Registers the case list page.
pub fn add(r: Routes) -> Routes {
    r.add(
        Method::GET,
        "/staff/cases",
        Perm::Allow(Resource::Case, Action::Update),
        Surface::Page,
        "The staff case list: filtered, sorted and paged, with the workload per person",
        list_page,
    )
}

/// A date `YYYY-MM-DD` as the reader writes it ("2026年3月2日", "Mar 2, 2026").
pub(crate) fn day(l: Locale, date: &str) -> String {
    let mut parts = date.get(..10).unwrap_or(date).splitn(3, '-');
    let mut num = || parts.next().and_then(|p| p.parse::<i64>().ok());
    match (num(), num(), num()) {
        (Some(y), Some(m), Some(d)) => t(
            l,
            "cl-date",
            // The year and day as text: Fluent would group a number's digits ("2,026").
            &[
                ("y", Arg::from(y.to_string())),
                ("m", Arg::from(m)),
                ("d", Arg::from(d.to_string())),
            ],
        ),
        _ => date.to_owned(),
    }
}

/// One row of the list, ready to show.
#[derive(Serialize)]
struct Row {
    id: String,
    subject: String,
    significant: bool,
    enterprise: Option<String>,
    enterprise_name: Option<String>,
    division: String,
    status: String,
    kind: String,
    measure: i64,
    assignee: Option<String>,
    follow_up: Option<String>,
    overdue: bool,
    updated: String,
}

fn row(l: Locale, today: jiff::civil::Date, c: CaseView, zone: &domain::dates::Zone) -> Row {
    let follow_up = c
        .next_follow_up
        .as_deref()
        .and_then(|d| domain::dates::parse_civil_date(d).ok());
    Row {
        overdue: follow_up.is_some_and(|d| d < today)
            && !matches!(c.status.as_str(), "resolved" | "closed"),
        follow_up: c.next_follow_up.as_deref().map(|d| day(l, d)),
        updated: day(l, &zone.date(c.updated_at)),
        id: c.id,
        subject: c.subject,
        significant: c.significant,
        enterprise: c.enterprise,
        enterprise_name: c.enterprise_name,
        division: c.division,
        status: c.status,
        kind: c.kind,
        measure: c.measure,
        assignee: c.assignee_name,
    }
}

pub async fn list_page(State(s): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let l = caller.locale;
    // Empty fields of the filter form mean "any".
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
    let cursor = pairs
        .iter()
        .find(|(k, _)| k == "cursor")
        .map(|(_, v)| v.clone());
    let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "cursor").collect();
    let query = serde_urlencoded::to_string(&kept).unwrap_or_default();
    let mut errors = Vec::new();
    let q: CaseQuery = serde_urlencoded::from_str(&query).unwrap_or_else(|e| {
        errors.push(e.to_string());
        CaseQuery::default()
    });
    let filter = match case_filter(&s, &caller, q) {
        Ok(f) => f,
        Err(e) => {
            errors.extend(errors_of(&e.0));
            CaseFilter::default()
        }
    };
    let page = match cases::list(&s.app, &caller.ctx, &filter, PAGE, cursor.as_deref()).await {
        Ok(p) => p,
        Err(e) => {
            errors.extend(errors_of(&e));
            empty()
        }
    };
    let workload = cases::workload(&s.app, &caller.ctx)
        .await
        .unwrap_or_default();
    let districts = app::org::districts::districts(&s.app)
        .await
        .unwrap_or_default();
    let today = s.app.today();
    let zone = s.app.zone();
    let total = page.total;
    let next_cursor = page.next_cursor.clone();
    let rows: Vec<Row> = page
        .items
        .into_iter()
        .map(|c| row(l, today, c, zone))
        .collect();
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = context! {
        status => value("status"), division => value("division"), measure => value("measure"),
        district => value("district"), assignee => value("assignee"), kind => value("kind"),
        q => value("q"), sort => value("sort"), order => value("order"),
        overdue => value("overdue") == "true", significant => value("significant"),
    };
    let divisions: Vec<&str> = DivisionCode::ALL.iter().map(|d| d.as_str()).collect();
    let statuses: Vec<&str> = domain::cases::Status::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let me = caller.principal().map(|p| p.id.to_string());
    render(
        &s,
        &caller,
        "measure1/cases.html",
        "/staff/cases",
        context! {
            rows => ser(&rows), total, next_cursor, query, form, errors,
            workload => ser(&workload), districts => ser(&districts), divisions, statuses,
            kinds => ["difficulty", "inquiry"], me,
        },
    )
    .await
}
