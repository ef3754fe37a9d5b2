//! Measure 1's pages: the daily board, the registry, an enterprise's single file, a case with
//! its working forms, and the portal's cases and reports. Every action is a plain form post.

mod attachments;
mod board;
mod case;
mod district_work;
mod registry;

pub use board::{board, dashboard};
pub(crate) use case::case_page;
pub use case::{CaseAction, case, case_action};
pub use registry::{EnterpriseQuery, LiaisonForm, designate, enterprise, enterprise_list};

use app::{AppError, Page};
use axum::http::Method;
use domain::{Action, Resource};
use minijinja::Value;
use serde::Serialize;

use crate::routes::{Perm, Routes, Surface};

/// Registers measure 1's staff pages (board, registry, cases, dashboard), each with its permission.
pub fn add(r: Routes) -> Routes {
    let r = attachments::add(r);
    use Method as M;
    use Perm::*;
    use Surface::Page;
    r.add(
        M::GET,
        "/staff",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "Staff home",
        board,
    )
    .add(
        M::GET,
        "/staff/enterprises",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "The enterprise registry",
        enterprise_list,
    )
    .add(
        M::GET,
        "/staff/enterprises/{uscc}",
        Allow(Resource::Enterprise, Action::Read),
        Page,
        "An enterprise's single file",
        enterprise,
    )
    .add(
        M::POST,
        "/staff/enterprises",
        Allow(Resource::Enterprise, Action::Create),
        Page,
        "Register an enterprise (district officials: in their district)",
        district_work::register,
    )
    .add(
        M::POST,
        "/staff/enterprises/{uscc}/cases",
        Allow(Resource::Case, Action::Create),
        Page,
        "Open a difficulty case for the enterprise",
        district_work::open_for,
    )
    .add(
        M::POST,
        "/staff/enterprises/{uscc}/reports",
        Allow(Resource::Enterprise, Action::Update),
        Page,
        "File a resumption report on the enterprise's behalf",
        district_work::report_for,
    )
    .add(
        M::POST,
        "/staff/enterprises/{uscc}/liaison",
        Allow(Resource::Designation, Action::Update),
        Page,
        "Designate the official and contact",
        designate,
    )
    .add(
        M::GET,
        "/staff/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "A case and its timeline",
        case,
    )
    .add(
        M::POST,
        "/staff/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "Work on a case (each action checks its own permission)",
        case_action,
    )
    .add(
        M::GET,
        "/portal/cases/{id}",
        Allow(Resource::Case, Action::Read),
        Page,
        "One of my cases and the replies",
        case,
    )
    .add(
        M::GET,
        "/staff/dashboard",
        Allow(Resource::BackOffice, Action::Read),
        Page,
        "The district dashboard",
        dashboard,
    )
}

pub(super) fn ser<T: Serialize>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// A page of a list for a template: `{items, next_cursor, total}`.
pub(super) fn listed<T: Serialize>(p: Page<T>) -> Value {
    ser(&crate::api::ListBody::from(p))
}

/// What went wrong, for the list above a form, in the request's language: "Label: message"
/// where the field has a label in the catalogue, else the message alone (never a raw field
/// name or code).
pub(super) fn errors_of(e: &AppError) -> Vec<String> {
    let l = crate::i18n::current();
    match e {
        AppError::Invalid(errs) | AppError::TooLarge(errs) => errs
            .iter()
            .map(|f| {
                let message = crate::i18n::field_message(l, f);
                match crate::i18n::field_label(l, &f.field) {
                    Some(label) => crate::i18n::t(
                        l,
                        "form-error-line",
                        &[("label", label.into()), ("message", message.into())],
                    ),
                    None => message,
                }
            })
            .collect(),
        AppError::Conflict(_, m) => vec![m.clone()],
        other => vec![other.to_string()],
    }
}

pub(super) fn empty<T>() -> Page<T> {
    Page {
        items: Vec::new(),
        next_cursor: None,
        total: 0,
    }
}
