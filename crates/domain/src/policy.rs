//! The one permission table: (role, resource, action) → allowed.
//!
//! Which *objects* a permitted role may touch (its division, district or enterprise) is the
//! scope predicate, applied inside each query by the store; this table only says whether the
//! role may perform the action on that kind of resource at all. Later modules add rows here.

use serde::Serialize;

use crate::Role;
use Action::*;
use Resource::*;
use Role::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// The caller's own account (profile, own API tokens, own sessions).
    OwnAccount,
    /// User accounts of others.
    User,
    /// The audit trail.
    Audit,
    /// Divisions, measures and other organisation reference data.
    Organisation,
    /// The back office (staff pages).
    BackOffice,
    /// The enterprise portal.
    Portal,
    /// Personal contact details (mobile numbers) of people in the directory.
    PersonalContact,
    /// The enterprise registry (measure 1). Scope: district officials their district's
    /// enterprises; enterprise users their own.
    Enterprise,
    /// Who is designated to an enterprise.
    Designation,
    /// Cases of the shared engine. Scope: division staff their division's and those of the
    /// measures it shares (joint handling); district officials their district's; enterprise users their own enterprise's, without internal notes.
    Case,
    /// Escalated cases' targeted-solution decisions.
    Decision,
    /// The FAQ's drafts, versions and vote report (published entries are public).
    Faq,
    /// The job queue: failed and dead jobs, and retrying them now.
    Job,
    /// An enterprise's reply on its own case (a public record the staff see). Scope: the
    /// enterprise's own cases.
    CaseReply,
    /// Measure 2's fund programmes. Published ones are public; staff read all; the staff and
    /// chief of a programme's division create and edit it (the scope, checked by the use case).
    FundProgramme,
    /// A programme's rule versions: staff read them; its division's staff draft and simulate
    /// (create); only its division's chief publishes (update).
    FundRule,
    /// Enterprises' sign-ups waiting for a decision. Scope: district officials their
    /// district's; admins and leaders all.
    Signup,
    /// An enterprise's own users and its invitations (colleagues). Scope: the caller's own
    /// enterprise; only its administrator (the account its sign-up made) invites and removes.
    Colleague,
    /// Who of a division's staff is on duty (told of new cases). Scope: a chief their own
    /// division.
    Duty,
    /// Files attached to cases. Scope: the case's (its enterprise's users, the staff who may
    /// work on it); reading follows reading the case.
    CaseAttachment,
    /// A division's staff messaging group robot (its webhook). Scope: a chief their own
    /// division; admins any division.
    DivisionRobot,
    /// Measure 2's ledger of payments and the budgets it counts. Scope: the staff and chief of
    /// the programme's division; leaders and auditors all. Approving (committing money) is the
    /// chief's of that division or a leader's; only a leader overrides a budget.
    FundPayment,
    /// Payment batches and their bank files. Scope: the division's; only its chief makes a
    /// batch, exports it, marks it paid or reconciles it.
    FundBatch,
    /// Enterprises' bank accounts (measure 2's payee data). Scope: an enterprise user its own;
    /// staff of a fund division any, always masked but in the payment file.
    FundBankAccount,
    /// Applications for fund programmes. Scope: an enterprise's users their own; division
    /// staff and chiefs their division's programmes'; reviewers their division's (all without
    /// one); leaders all. Create: submit, resubmit, withdraw (the applicant's steps, staff on
    /// the enterprise's behalf); update: the bureau's steps (examine, verify, approve, return,
    /// refuse), each step's part judged by the workflow.
    FundApplication,
    /// Apply-free runs (免申即享) of a programme's rule over the registry, with the
    /// entitlements they made. Staff read them; the programme's division (or a leader) runs.
    FundRun,
    /// An enterprise's own apply-free entitlements: it reads them and confirms its account.
    FundEntitlement,
    /// Top-ups owed for a past period and settlements of programmes paid in advance: the
    /// programme's division records a settlement; its chief (or a leader) approves.
    FundAdjustment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Update,
}

const STAFF: &[Role] = &[
    Admin,
    Leader,
    DivisionChief,
    DivisionStaff,
    DistrictOfficial,
    Reviewer,
    Auditor,
];
const EVERYONE: &[Role] = &[
    Admin,
    Leader,
    DivisionChief,
    DivisionStaff,
    DistrictOfficial,
    Reviewer,
    Auditor,
    EnterpriseUser,
    Partner,
];

/// The bureau-side roles that work enterprises and cases (measure 1).
const CASE_WORKERS: &[Role] = &[
    Admin,
    Leader,
    DivisionChief,
    DivisionStaff,
    DistrictOfficial,
];
/// Those, plus enterprise users for their own enterprise (the scope limits them).
const CASE_READERS: &[Role] = &[
    Admin,
    Leader,
    DivisionChief,
    DivisionStaff,
    DistrictOfficial,
    EnterpriseUser,
];

/// The table itself. Separation of duties: the admin manages accounts but does not read the
/// audit trail; the auditor reads the trail and changes nothing.
const TABLE: &[(Resource, Action, &[Role])] = &[
    (OwnAccount, Read, EVERYONE),
    (OwnAccount, Update, EVERYONE),
    (User, Read, &[Admin, Leader, DivisionChief]),
    (User, Create, &[Admin]),
    (User, Update, &[Admin]),
    (Audit, Read, &[Auditor]),
    (Organisation, Read, EVERYONE),
    (Organisation, Update, &[Admin]),
    // Bureau staff who must call people see mobiles; everyone else sees them masked.
    (
        PersonalContact,
        Read,
        &[
            Admin,
            Leader,
            DivisionChief,
            DivisionStaff,
            DistrictOfficial,
        ],
    ),
    (BackOffice, Read, STAFF),
    (Portal, Read, &[EnterpriseUser, Partner]),
    (Enterprise, Read, CASE_READERS),
    (Enterprise, Create, CASE_WORKERS),
    (Enterprise, Update, CASE_WORKERS),
    // District officials designate officials of their own district (the scope checks it).
    (
        Designation,
        Update,
        &[
            Admin,
            Leader,
            DivisionChief,
            DivisionStaff,
            DistrictOfficial,
        ],
    ),
    (Case, Read, CASE_READERS),
    (Case, Create, CASE_READERS),
    (Case, Update, CASE_WORKERS),
    (Decision, Create, &[Leader, DivisionChief]),
    (Faq, Read, STAFF),
    (Faq, Update, &[Admin, Leader, DivisionChief, DivisionStaff]),
    (Job, Read, &[Admin]),
    (Job, Update, &[Admin]),
    (CaseReply, Create, &[EnterpriseUser]),
    (FundProgramme, Read, STAFF),
    (FundProgramme, Create, &[DivisionChief, DivisionStaff]),
    (FundProgramme, Update, &[DivisionChief, DivisionStaff]),
    (FundRule, Read, STAFF),
    (FundRule, Create, &[DivisionChief, DivisionStaff]),
    (FundRule, Update, &[DivisionChief]),
    (Signup, Read, &[Admin, Leader, DistrictOfficial]),
    (Signup, Update, &[Admin, DistrictOfficial]),
    (Colleague, Read, &[EnterpriseUser]),
    (Colleague, Update, &[EnterpriseUser]),
    (Duty, Read, &[DivisionChief, DivisionStaff]),
    (Duty, Update, &[DivisionChief]),
    (CaseAttachment, Read, CASE_READERS),
    (CaseAttachment, Create, CASE_READERS),
    (DivisionRobot, Read, &[Admin, DivisionChief]),
    (DivisionRobot, Update, &[Admin, DivisionChief]),
    (
        FundPayment,
        Read,
        &[Leader, DivisionChief, DivisionStaff, Auditor],
    ),
    (FundPayment, Update, &[Leader, DivisionChief]),
    (
        FundBatch,
        Read,
        &[Leader, DivisionChief, DivisionStaff, Auditor],
    ),
    (FundBatch, Create, &[DivisionChief]),
    (FundBatch, Update, &[DivisionChief]),
    (
        FundBankAccount,
        Read,
        &[
            Leader,
            DivisionChief,
            DivisionStaff,
            Auditor,
            EnterpriseUser,
        ],
    ),
    (
        FundBankAccount,
        Update,
        &[DivisionChief, DivisionStaff, EnterpriseUser],
    ),
    (
        FundApplication,
        Read,
        &[
            Leader,
            DivisionChief,
            DivisionStaff,
            Reviewer,
            EnterpriseUser,
        ],
    ),
    (
        FundApplication,
        Create,
        &[DivisionChief, DivisionStaff, EnterpriseUser],
    ),
    (
        FundApplication,
        Update,
        &[Leader, DivisionChief, DivisionStaff, Reviewer],
    ),
    (
        FundRun,
        Read,
        &[Leader, DivisionChief, DivisionStaff, Auditor],
    ),
    (FundRun, Create, &[Leader, DivisionChief, DivisionStaff]),
    (FundEntitlement, Read, &[EnterpriseUser]),
    (FundEntitlement, Update, &[EnterpriseUser]),
    (
        FundAdjustment,
        Read,
        &[Leader, DivisionChief, DivisionStaff, Auditor],
    ),
    (FundAdjustment, Create, &[DivisionChief, DivisionStaff]),
    (FundAdjustment, Update, &[Leader, DivisionChief]),
];

/// Whether `role` may perform `action` on `resource` at all.
pub fn allowed(role: Role, resource: Resource, action: Action) -> bool {
    TABLE
        .iter()
        .any(|(r, a, roles)| *r == resource && *a == action && roles.contains(&role))
}

/// Every (resource, action) pair the table knows, for the access-control matrix test.
pub fn entries() -> impl Iterator<Item = (Resource, Action)> {
    TABLE.iter().map(|(r, a, _)| (*r, *a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separation_of_duties() {
        assert!(allowed(Auditor, Audit, Read));
        assert!(!allowed(Admin, Audit, Read));
        assert!(!allowed(Auditor, User, Create));
        assert!(!allowed(EnterpriseUser, BackOffice, Read));
        assert!(!allowed(Leader, Portal, Read));
        for r in Role::ALL {
            assert!(allowed(r, OwnAccount, Read), "{r}");
            // Nobody may change or delete the audit trail.
            assert!(!allowed(r, Audit, Update), "{r}");
        }
    }
}
