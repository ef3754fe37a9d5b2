//! The staff home's daily board and the district dashboard (measure 1).

use app::cases::{self, CaseFilter};
use app::enterprises::{self, EnterpriseFilter};
use axum::extract::State;
use axum::response::Response;
use domain::{Action, Resource, Role};
use minijinja::{Value, context};

use super::{empty, listed, ser};
use crate::AppState;
use crate::guard::Caller;
use crate::pages::{app_error_page, render};

/// The staff home: the daily board.
pub async fn board(State(s): State<AppState>, caller: Caller) -> Response {
    let ctx = &caller.ctx;
    let today = s.app.today();
    let role = caller.principal().map(|p| p.role);
    let can_cases = ctx.can(Resource::Case, Action::Read);
    let list = |f: CaseFilter| {
        let (s, ctx) = (s.clone(), ctx.clone());
        async move {
            if can_cases {
                cases::list(&s.app, &ctx, &f, 20, None)
                    .await
                    .unwrap_or_else(|_| empty())
            } else {
                empty()
            }
        }
    };
    let due = list(CaseFilter {
        follow_up_before: Some(domain::dates::next_day(today)),
        ..Default::default()
    })
    .await;
    let new_cases = list(CaseFilter {
        status: Some(domain::cases::Status::New),
        ..Default::default()
    })
    .await;
    let escalations = if matches!(role, Some(Role::DivisionChief | Role::Leader | Role::Admin)) {
        list(CaseFilter {
            awaiting_decision: true,
            open: Some(true),
            ..Default::default()
        })
        .await
    } else {
        empty()
    };
    let mine = if role == Some(Role::DistrictOfficial) {
        enterprises::list(&s.app, ctx, &EnterpriseFilter::default(), 20, None)
            .await
            .unwrap_or_else(|_| empty())
    } else {
        empty()
    };
    let undesignated = if ctx.can(Resource::Designation, Action::Update) {
        enterprises::list(
            &s.app,
            ctx,
            &EnterpriseFilter {
                undesignated: true,
                status: Some("in_difficulty".into()),
                ..Default::default()
            },
            10,
            None,
        )
        .await
        .unwrap_or_else(|_| empty())
    } else {
        empty()
    };
    let divisions = app::org::divisions(&s.app).await.unwrap_or_default();
    // SLA breaches of open cases that arrived in the last 30 days.
    let now = s.app.now();
    let breaches: Vec<_> = if can_cases {
        app::consulting::sla::open_breaches(&s.app, ctx, now - 30 * 86_400_000, now + 1)
            .await
            .map(|b| b.into_iter().take(20).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    render(
        &s,
        &caller,
        "measure1/staff_home.html",
        "/staff",
        context! { today => domain::dates::show_date(today), due => listed(due), new_cases => listed(new_cases), escalations => listed(escalations), mine => listed(mine), undesignated => listed(undesignated), divisions => ser(&divisions), breaches => ser(&breaches) },
    )
    .await
}

/// The district dashboard: resumption by district, difficulties by category, overdue follow-ups.
pub async fn dashboard(State(s): State<AppState>, caller: Caller) -> Response {
    use crate::charts::{Bar, bars};
    let d = match enterprises::dashboard::dashboard(&s.app, &caller.ctx).await {
        Ok(d) => d,
        Err(e) => return app_error_page(&e, caller.locale),
    };
    let zh = caller.locale == crate::i18n::Locale::ZH_CN;
    let t = |k: &str| crate::i18n::t(caller.locale, k, &[]);
    let rate: Vec<Bar> = d
        .districts
        .iter()
        .map(|r| Bar {
            label: if zh {
                r.name_zh.clone()
            } else {
                r.name_en.clone()
            },
            value: r.rate_pct,
            shown: format!("{}%", r.rate_pct),
        })
        .collect();
    let overdue: Vec<Bar> = d
        .districts
        .iter()
        .map(|r| Bar {
            label: if zh {
                r.name_zh.clone()
            } else {
                r.name_en.clone()
            },
            value: r.overdue,
            shown: r.overdue.to_string(),
        })
        .collect();
    let cats: Vec<Bar> = d
        .categories
        .iter()
        .map(|c| Bar {
            label: t(&format!("cat-{}", c.category)),
            value: c.total,
            shown: format!("{} ({} {})", c.total, c.open, t("dash-open")),
        })
        .collect();
    let ctx = context! {
        d => ser(&d),
        rate_svg => Value::from_safe_string(bars(&t("dash-resumption"), &rate, Some(100))),
        overdue_svg => Value::from_safe_string(bars(&t("dash-overdue"), &overdue, None)),
        cat_svg => Value::from_safe_string(bars(&t("dash-categories"), &cats, None)),
    };
    render(
        &s,
        &caller,
        "measure1/dashboard.html",
        "/staff/dashboard",
        ctx,
    )
    .await
}
