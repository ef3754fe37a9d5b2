//! An application's workflow (measure 2: "submitted → examined → verified → approved →
//! disbursed; returned for correction; four eyes"), as a pure state machine: which step may be
//! taken from which status, by whom, and what it leads to. No IO: the caller says who acts
//! and who has already put their hands on the application.
//!
//! - **examine** (completeness): division staff of the programme's division;
//! - **verify**: a reviewer; never who examined it;
//! - **approve**: the division's chief; at or above the programme's threshold the chief's
//!   approval waits for a leader's (`chief_approved`); neither approver examined or verified it,
//!   and the leader is not the chief who approved;
//! - **return** for correction, naming the missing documents and/or figures: by whoever holds
//!   the application at its step (examiner, reviewer, chief); **resubmit** by the applicant;
//! - **refuse** with a reason, by whoever holds it at its step;
//! - **withdraw**: the applicant, before approval;
//! - **disbursed** is not a step anyone takes: an approved application shows it once its
//!   payment is paid ([`shown_status`]).

use serde::{Deserialize, Serialize};

use crate::Id;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "FundApplicationStatus")]
pub enum Status {
    Submitted,
    Examined,
    Verified,
    /// Approved by the chief, waiting for a leader's approval (at or above the threshold).
    ChiefApproved,
    Approved,
    /// Paid (shown, not stored: the payment's status decides).
    Disbursed,
    ReturnedForCorrection,
    Refused,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Submitted,
        Status::Examined,
        Status::Verified,
        Status::ChiefApproved,
        Status::Approved,
        Status::Disbursed,
        Status::ReturnedForCorrection,
        Status::Refused,
        Status::Withdrawn,
    ];

    /// The stable code (also the i18n key's tail: `fund-app-status-submitted`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Examined => "examined",
            Status::Verified => "verified",
            Status::ChiefApproved => "chief_approved",
            Status::Approved => "approved",
            Status::Disbursed => "disbursed",
            Status::ReturnedForCorrection => "returned_for_correction",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Closed for good: a new application for the same programme and year may be made.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Refused | Status::Withdrawn)
    }
}

/// A step someone takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "FundApplicationStep")]
pub enum Step {
    Submit,
    Examine,
    Verify,
    Approve,
    Return,
    Resubmit,
    Refuse,
    Withdraw,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Submit,
        Step::Examine,
        Step::Verify,
        Step::Approve,
        Step::Return,
        Step::Resubmit,
        Step::Refuse,
        Step::Withdraw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Examine => "examine",
            Step::Verify => "verify",
            Step::Approve => "approve",
            Step::Return => "return",
            Step::Resubmit => "resubmit",
            Step::Refuse => "refuse",
            Step::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The part someone plays on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The enterprise's user, or staff acting on its behalf.
    Applicant,
    /// Division staff of the programme's division.
    Examiner,
    Reviewer,
    /// The chief of the programme's division.
    Chief,
    Leader,
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<Id>,
    pub parts: &'static [Part],
}

/// Who has already acted on the application (every round, after resubmissions too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hands {
    pub examined_by: Vec<Id>,
    pub verified_by: Vec<Id>,
    pub chief_approved_by: Option<Id>,
}

impl Hands {
    /// Everyone an approver must not be: who examined or verified it, and the chief who
    /// approved it (for the leader's approval).
    pub fn not_by(&self) -> Vec<Id> {
        let mut v: Vec<Id> = self
            .examined_by
            .iter()
            .chain(&self.verified_by)
            .copied()
            .collect();
        v.extend(self.chief_approved_by);
        v
    }
}

/// What goes with a step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepInput {
    /// For a return: what is missing (`documents.<doc>` or `figures.<figure>`).
    pub missing: Vec<String>,
    /// For a refusal: why.
    pub reason: String,
    /// The amount the application would be paid reaches the programme's leader threshold.
    pub needs_leader: bool,
}

/// Why a step is refused. Codes are stable, and i18n keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("an application that is {0} cannot be {1}")]
    NotNow(&'static str, &'static str),
    #[error("this step is not yours to take")]
    NotYours,
    #[error("four eyes: you examined or verified this application, or approved it as chief")]
    FourEyes,
    #[error("name the missing documents or figures")]
    MissingItems,
    #[error("give the reason")]
    ReasonRequired,
}

impl WorkflowError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkflowError::NotNow(..) => "invalid_transition",
            WorkflowError::NotYours => "not_your_step",
            WorkflowError::FourEyes => "four_eyes",
            WorkflowError::MissingItems => "missing_items_required",
            WorkflowError::ReasonRequired => "reason_required",
        }
    }
}

/// The part that holds an application in `status`: who examines, verifies, approves it, or
/// corrects it.
pub fn holder(status: Status) -> Option<Part> {
    match status {
        Status::Submitted => Some(Part::Examiner),
        Status::Examined => Some(Part::Reviewer),
        Status::Verified => Some(Part::Chief),
        Status::ChiefApproved => Some(Part::Leader),
        Status::ReturnedForCorrection => Some(Part::Applicant),
        _ => None,
    }
}

fn requires(actor: &Actor, part: Part) -> Result<(), WorkflowError> {
    if actor.parts.contains(&part) {
        Ok(())
    } else {
        Err(WorkflowError::NotYours)
    }
}

fn not_among(actor: &Actor, ids: &[Id]) -> Result<(), WorkflowError> {
    match actor.user {
        Some(u) if ids.contains(&u) => Err(WorkflowError::FourEyes),
        _ => Ok(()),
    }
}

/// Checks `step` on an application in `status` by `actor`; answers the status it leads to.
pub fn check(
    status: Status,
    step: Step,
    actor: &Actor,
    hands: &Hands,
    input: &StepInput,
) -> Result<Status, WorkflowError> {
    use Status as S;
    let not_now = || WorkflowError::NotNow(status.as_str(), step.as_str());
    match (step, status) {
        (Step::Examine, S::Submitted) => {
            requires(actor, Part::Examiner)?;
            Ok(S::Examined)
        }
        (Step::Verify, S::Examined) => {
            requires(actor, Part::Reviewer)?;
            not_among(actor, &hands.examined_by)?;
            Ok(S::Verified)
        }
        (Step::Approve, S::Verified) => {
            requires(actor, Part::Chief)?;
            not_among(actor, &hands.not_by())?;
            Ok(if input.needs_leader {
                S::ChiefApproved
            } else {
                S::Approved
            })
        }
        (Step::Approve, S::ChiefApproved) => {
            requires(actor, Part::Leader)?;
            not_among(actor, &hands.not_by())?;
            Ok(S::Approved)
        }
        (Step::Return, S::Submitted | S::Examined | S::Verified) => {
            requires(actor, holder(status).ok_or_else(not_now)?)?;
            if input.missing.iter().all(|m| m.trim().is_empty()) {
                return Err(WorkflowError::MissingItems);
            }
            Ok(S::ReturnedForCorrection)
        }
        (Step::Resubmit, S::ReturnedForCorrection) => {
            requires(actor, Part::Applicant)?;
            Ok(S::Submitted)
        }
        (Step::Refuse, S::Submitted | S::Examined | S::Verified | S::ChiefApproved) => {
            requires(actor, holder(status).ok_or_else(not_now)?)?;
            if input.reason.trim().is_empty() {
                return Err(WorkflowError::ReasonRequired);
            }
            Ok(S::Refused)
        }
        (
            Step::Withdraw,
            S::Submitted | S::Examined | S::Verified | S::ChiefApproved | S::ReturnedForCorrection,
        ) => {
            requires(actor, Part::Applicant)?;
            Ok(S::Withdrawn)
        }
        _ => Err(not_now()),
    }
}

/// The steps `actor` may take now (for the buttons a page shows).
pub fn steps_open(status: Status, actor: &Actor, hands: &Hands, needs_leader: bool) -> Vec<Step> {
    let input = StepInput {
        missing: vec!["x".into()],
        reason: "x".into(),
        needs_leader,
    };
    Step::ALL
        .into_iter()
        .filter(|s| check(status, *s, actor, hands, &input).is_ok())
        .collect()
}

/// The status an application shows: an approved one whose payment is paid is disbursed.
pub fn shown_status(stored: Status, payment_paid: bool) -> Status {
    if stored == Status::Approved && payment_paid {
        Status::Disbursed
    } else {
        stored
    }
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
