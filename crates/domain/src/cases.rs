//! The shared case engine's rules: statuses and their transitions, channels, priorities,
//! working-record kinds. The kinds of case are no business of these rules: each measure's module
//! registers its own with the engine (`app::cases::kinds`).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub const CHANNELS: &[&str] = &[
    "web",
    "portal",
    "hotline",
    "messaging_group",
    "email",
    "visit",
    "api",
];
pub const PRIORITIES: &[&str] = &["normal", "high", "urgent"];
pub const RECORD_KINDS: &[&str] = &[
    "visit",
    "call",
    "meeting",
    "message",
    "coordination",
    "internal_note",
    "reply_to_enterprise",
];

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    InProgress,
    WaitingOnEnterprise,
    Resolved,
    Closed,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::InProgress,
        Status::WaitingOnEnterprise,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::WaitingOnEnterprise => "waiting_on_enterprise",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Open cases still need work. This is the one definition of "open": the SQL lists in
    /// [`Status::sql_list`] are generated from it.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// The open (`true`) or finished (`false`) statuses as an SQL list for `status IN …`,
    /// e.g. `('new', 'in_progress', 'waiting_on_enterprise')`. Generated once from
    /// [`Status::is_open`]; the codes are fixed identifiers, never user input.
    pub fn sql_list(open: bool) -> &'static str {
        static LISTS: LazyLock<[String; 2]> = LazyLock::new(|| {
            let list = |open: bool| {
                let codes: Vec<String> = Status::ALL
                    .into_iter()
                    .filter(|s| s.is_open() == open)
                    .map(|s| format!("'{}'", s.as_str()))
                    .collect();
                format!("({})", codes.join(", "))
            };
            [list(false), list(true)]
        });
        &LISTS[usize::from(open)]
    }

    /// The statuses a case may move to from this one. Resolved and closed cases may be
    /// reopened (back to in progress).
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::New => &[
                Status::InProgress,
                Status::WaitingOnEnterprise,
                Status::Resolved,
            ],
            Status::InProgress => &[Status::WaitingOnEnterprise, Status::Resolved],
            Status::WaitingOnEnterprise => &[Status::InProgress, Status::Resolved],
            Status::Resolved => &[Status::Closed, Status::InProgress],
            Status::Closed => &[Status::InProgress],
        }
    }
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a case cannot go from {} to {}; from {} it can go to {}", .0.as_str(), .1.as_str(), .0.as_str(), .0.next().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))]
    NotAllowed(Status, Status),
    #[error("a significant case is resolved only after a targeted-solution decision is recorded")]
    NeedsDecision,
}

/// Measure 1's rule for significant issues: no resolution without a recorded decision.
pub fn check_transition(
    from: Status,
    to: Status,
    significant: bool,
    has_decision: bool,
) -> Result<(), TransitionError> {
    if !from.next().contains(&to) {
        return Err(TransitionError::NotAllowed(from, to));
    }
    if to == Status::Resolved && significant && !has_decision {
        return Err(TransitionError::NeedsDecision);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_status_rules() {
        let allowed = [
            (New, InProgress),
            (InProgress, WaitingOnEnterprise),
            (WaitingOnEnterprise, InProgress),
            (InProgress, Resolved),
            (Resolved, Closed),
            (Resolved, InProgress),
            (Closed, InProgress),
        ];
        for (a, b) in allowed {
            assert_eq!(
                check_transition(a, b, false, false),
                Ok(()),
                "{a:?} -> {b:?}"
            );
        }
        for (a, b) in [
            (New, Closed),
            (Closed, Resolved),
            (WaitingOnEnterprise, Closed),
            (InProgress, New),
            (Resolved, WaitingOnEnterprise),
        ] {
            assert_eq!(
                check_transition(a, b, false, false),
                Err(TransitionError::NotAllowed(a, b)),
                "{a:?} -> {b:?}"
            );
        }
        let msg = TransitionError::NotAllowed(New, Closed).to_string();
        assert!(
            msg.contains("from new it can go to in_progress, waiting_on_enterprise, resolved"),
            "{msg}"
        );
    }

    #[test]
    fn significant_cases_need_a_decision() {
        assert_eq!(
            check_transition(InProgress, Resolved, true, false),
            Err(TransitionError::NeedsDecision)
        );
        assert_eq!(check_transition(InProgress, Resolved, true, true), Ok(()));
        assert_eq!(
            check_transition(InProgress, WaitingOnEnterprise, true, false),
            Ok(())
        );
    }

    #[test]
    fn the_sql_lists_follow_is_open() {
        assert_eq!(
            Status::sql_list(true),
            "('new', 'in_progress', 'waiting_on_enterprise')"
        );
        assert_eq!(Status::sql_list(false), "('resolved', 'closed')");
    }
}
