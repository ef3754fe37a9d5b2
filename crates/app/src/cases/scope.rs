//! Who may see and who may manage which cases: the scope each role gets, applied inside every
//! query by the store. Seeing is wider than managing for divisions that handle a measure
//! jointly (they add records; the leading division moves, assigns and escalates).

use domain::{Action, Resource, Role};
use store::cases::{CaseRecord, CaseScope};

use crate::Ctx;

/// Which cases the caller may see.
pub fn scope_for(ctx: &Ctx) -> CaseScope {
    match ctx.principal() {
        None => CaseScope::All,
        Some(p) => match p.role {
            Role::Admin | Role::Leader => CaseScope::All,
            Role::DivisionChief | Role::DivisionStaff => {
                p.division.map_or(CaseScope::Nothing, CaseScope::Division)
            }
            Role::DistrictOfficial => p
                .district
                .clone()
                .map_or(CaseScope::Nothing, CaseScope::District),
            Role::EnterpriseUser => p
                .enterprise
                .clone()
                .map_or(CaseScope::Nothing, CaseScope::Enterprise),
            Role::Reviewer | Role::Auditor | Role::Partner => CaseScope::Nothing,
        },
    }
}

/// Which cases the caller may manage (change the status of, assign, escalate, decide on, move):
/// a division only those routed to it, not those it handles jointly.
pub fn manage_scope(ctx: &Ctx) -> CaseScope {
    match scope_for(ctx) {
        CaseScope::Division(d) => CaseScope::Routed(d),
        s => s,
    }
}

/// Whether the caller may manage case `c` that they can see ([`manage_scope`]).
pub(crate) fn may_manage(ctx: &Ctx, c: &CaseRecord) -> bool {
    match scope_for(ctx) {
        CaseScope::Division(d) => c.division == d,
        _ => ctx.can(Resource::Case, Action::Update),
    }
}

/// Enterprise users see only what is addressed to them: never internal notes, coordination,
/// escalation reasons, the decision or staff addresses.
pub(crate) fn is_enterprise(ctx: &Ctx) -> bool {
    matches!(scope_for(ctx), CaseScope::Enterprise(_))
}
