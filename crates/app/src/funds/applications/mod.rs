//! Applications for fund programmes (measure 2) and their workflow: submitted → examined →
//! verified → approved (→ disbursed once its payment is paid); returned for correction and
//! resubmitted; refused; withdrawn. The rules of the workflow (who takes which step, four
//! eyes) are `domain::funds::workflow`'s; here: who the caller is on an application, the
//! reader's scope, and the views. Submitting is [`submit`], the steps [`steps`], the ledger's
//! part at approval [`ledger`], the SLA due dates [`sla`].
//!
//! Scope: an enterprise user reads its own enterprise's applications; division staff and
//! chiefs their division's programmes'; a reviewer with a division that division's, without
//! one all; leaders all. Outside its scope an application is "not found".

mod checks;
pub mod form;
pub mod ledger;
pub mod sla;
pub mod steps;
pub mod submit;
mod view;

use domain::Role;
use domain::funds::workflow::Part;
use store::fund_applications::{AppScope, ApplicationRecord};

use crate::Ctx;

pub use form::{ApplyForm, FigureField, apply_form};
pub use steps::{StepRequest, take_step};
pub use submit::{Channel, DocumentUpload, NewApplication, Submitted, submit};
pub use view::{
    ApplicationFileView, ApplicationList, ApplicationQuery, ApplicationStepView, ApplicationView,
    download, get, list,
};

/// The applications the caller may read.
pub fn scope_for(ctx: &Ctx) -> AppScope {
    let Some(p) = ctx.principal() else {
        return match ctx.actor {
            crate::Actor::System(_) => AppScope::All,
            _ => AppScope::Nothing,
        };
    };
    match p.role {
        Role::EnterpriseUser => p
            .enterprise
            .clone()
            .map_or(AppScope::Nothing, AppScope::Enterprise),
        Role::DivisionStaff | Role::DivisionChief => {
            p.division.map_or(AppScope::Nothing, AppScope::Division)
        }
        Role::Reviewer => p.division.map_or(AppScope::All, AppScope::Division),
        Role::Leader => AppScope::All,
        _ => AppScope::Nothing,
    }
}

const APPLICANT: &[Part] = &[Part::Applicant];
const STAFF: &[Part] = &[Part::Applicant, Part::Examiner];
const CHIEF: &[Part] = &[Part::Chief];
const REVIEWER: &[Part] = &[Part::Reviewer];
const LEADER: &[Part] = &[Part::Leader];
const ALL: &[Part] = &[
    Part::Applicant,
    Part::Examiner,
    Part::Reviewer,
    Part::Chief,
    Part::Leader,
];

/// The parts the caller plays on application `a`: its enterprise's user is the applicant;
/// the staff of the programme's division act for the applicant and examine; its chief
/// approves; reviewers verify; leaders give the second approval. The command line plays all.
pub fn parts_of(ctx: &Ctx, a: &ApplicationRecord) -> &'static [Part] {
    let Some(p) = ctx.principal() else {
        return match ctx.actor {
            crate::Actor::System(_) => ALL,
            _ => &[],
        };
    };
    let own_division = p.division == Some(a.division);
    match p.role {
        Role::EnterpriseUser if p.enterprise.as_ref() == Some(&a.uscc) => APPLICANT,
        Role::DivisionStaff if own_division => STAFF,
        Role::DivisionChief if own_division => CHIEF,
        Role::Reviewer if p.division.is_none() || own_division => REVIEWER,
        Role::Leader => LEADER,
        _ => &[],
    }
}

/// The domain's actor for the caller on `a`.
pub(crate) fn actor_on(ctx: &Ctx, a: &ApplicationRecord) -> domain::funds::workflow::Actor {
    domain::funds::workflow::Actor {
        user: ctx.principal().map(|p| p.id),
        parts: parts_of(ctx, a),
    }
}
