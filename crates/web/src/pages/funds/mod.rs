//! Measure 2's pages: the staff catalogue of programmes, each programme's page with its rule
//! versions and their simulation ([`rules`]), and the public list of published ones (in every
//! public language).

pub mod applications;
pub mod applications_staff;
pub mod bank;
pub mod batches;
pub mod free;
pub mod free_portal;
pub mod money;
pub mod open;
pub mod portal;
pub mod publicity;
pub mod rule_form;
pub mod rules;

use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use domain::funds::PaymentMode;
use domain::{Action, Resource};
use minijinja::{Value, context};

use super::{app_error_page, render};
use crate::AppState;
use crate::guard::Caller;
use crate::routes::{Perm, Routes, Surface};

/// A posted form's field `k`, trimmed (empty when absent).
pub(super) fn form_field(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// The programme a staff page `/staff/funds/{id}/...` is about, with its id (not found when
/// the id is not one or the caller may not read it).
pub(super) async fn programme_of(
    s: &AppState,
    caller: &Caller,
    id: &str,
) -> app::Result<(domain::Id, app::funds::ProgrammeView)> {
    let pid = crate::api::funds::programme_id(id)?;
    Ok((pid, app::funds::programme(&s.app, &caller.ctx, pid).await?))
}

/// Registers measure 2's pages, each with its permission.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use Surface::Page;
    let r = application_pages(publicity::add(open::add(r)));
    r.add(
        M::GET,
        "/staff/funds",
        Allow(Resource::FundProgramme, Action::Read),
        Page,
        "Fund programmes (measure 2)",
        catalogue,
    )
    .add(
        M::GET,
        "/staff/funds/{id}",
        Allow(Resource::FundProgramme, Action::Read),
        Page,
        "A fund programme with its rule versions",
        rules::programme,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/rules",
        Allow(Resource::FundRule, Action::Create),
        Page,
        "Draft the next version of a programme's rule",
        rules::draft,
    )
    .add(
        M::POST,
        "/staff/funds/{id}/rules/{n}/publish",
        Allow(Resource::FundRule, Action::Update),
        Page,
        "Publish a draft version (the division's chief)",
        rules::publish,
    )
    .add(
        M::GET,
        "/staff/funds/{id}/rules/{n}/simulation",
        Allow(Resource::FundRule, Action::Read),
        Page,
        "A version simulated over the registry",
        rules::simulation,
    )
    .add(
        M::GET,
        "/portal/funds",
        Allow(Resource::Portal, Action::Read),
        Page,
        "Portal: the fund programmes and whether my enterprise qualifies",
        portal::list,
    )
    .add(
        M::GET,
        "/portal/funds/{id}",
        Allow(Resource::Portal, Action::Read),
        Page,
        "Portal: my enterprise's decision under a programme, explained",
        portal::decision,
    )
    .add(
        M::GET,
        "/funds",
        Public,
        Page,
        "Public: the fund programmes open to enterprises",
        public_list,
    )
    .add(
        M::GET,
        "/static/rule_form.js",
        Public,
        Page,
        "Script: the rule form shows a chosen kind's fields at once",
        rule_form_script,
    )
}

/// The application pages: the portal's form, list and page; the staff queue and page.
fn application_pages(r: Routes) -> Routes {
    use Method as M;
    use Surface::Page;
    let read = Perm::Allow(Resource::FundApplication, Action::Read);
    let create = Perm::Allow(Resource::FundApplication, Action::Create);
    let update = Perm::Allow(Resource::FundApplication, Action::Update);
    let max = r
        .state()
        .app
        .settings
        .attachments
        .max_bytes
        .saturating_mul(3)
        + crate::api::attachments::MULTIPART_SLACK;
    let limit = Some(usize::try_from(max).unwrap_or(usize::MAX));
    r.add(
        M::GET,
        "/portal/funds/{id}/apply",
        create,
        Page,
        "Portal: the application form of a programme",
        applications::apply_page,
    )
    .add_limited(
        M::POST,
        "/portal/funds/{id}/apply",
        create,
        Page,
        "Portal: apply (figures in yuan, the required documents as files)",
        limit,
        applications::apply,
    )
    .add(
        M::GET,
        "/portal/funds/applications",
        read,
        Page,
        "Portal: my enterprise's applications",
        applications::mine,
    )
    .add(
        M::GET,
        "/portal/funds/applications/{id}",
        read,
        Page,
        "Portal: one application with its timeline and its amount explained",
        applications::one,
    )
    .add_limited(
        M::POST,
        "/portal/funds/applications/{id}/{step}",
        create,
        Page,
        "Portal: resubmit a returned application, or withdraw one",
        limit,
        applications::applicant_step,
    )
    .add(
        M::GET,
        "/staff/funds/applications",
        read,
        Page,
        "Applications to work, with their SLA due dates",
        applications_staff::queue,
    )
    .add(
        M::GET,
        "/staff/funds/applications/{id}",
        read,
        Page,
        "An application with the steps the reader may take",
        applications_staff::one,
    )
    .add(
        M::POST,
        "/staff/funds/applications/{id}/{step}",
        update,
        Page,
        "Take a step on an application (examine, verify, approve, return, refuse)",
        applications_staff::step,
    )
}

pub async fn rule_form_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../static/rule_form.js"),
    )
        .into_response()
}

fn ser<T: serde::Serialize>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// The payment modes in order, for legends and forms.
fn modes() -> Vec<&'static str> {
    PaymentMode::ALL.iter().map(|m| m.as_str()).collect()
}

pub async fn catalogue(State(s): State<AppState>, caller: Caller) -> Response {
    match app::funds::list_programmes(&s.app, &caller.ctx).await {
        Ok(list) => {
            let total: i64 = list.iter().map(|p| p.budget).sum();
            let ctx =
                context! { programmes => ser(&list), total_budget => total, modes => modes() };
            render(&s, &caller, "funds/programmes.html", "/staff/funds", ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}

pub async fn public_list(State(s): State<AppState>, caller: Caller) -> Response {
    // The public page lists what the public may see, whoever is signed in.
    match app::funds::list_programmes(&s.app, &app::Ctx::anonymous()).await {
        Ok(list) => {
            let ctx = context! { programmes => ser(&list) };
            render(&s, &caller, "funds/public_programmes.html", "/funds", ctx).await
        }
        Err(e) => app_error_page(&e, caller.locale),
    }
}
