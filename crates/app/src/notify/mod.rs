//! Notifications: one service that tells people what happened, on the job queue.
//!
//! # Emitting
//! A use case calls [`emit`]`(tx, app, event)` inside its own transaction, after its change and
//! before its commit. `emit` resolves who is told ([`recipients`]), reads each user's
//! preferences ([`prefs`]: language, channels per event), renders the message in the
//! recipient's language ([`templates`]), writes the in-app inbox entry and queues one delivery
//! job per recipient and outward channel (`notify_email`, `notify_sms`, `notify_robot`). So a
//! notification exists exactly when its cause commits, and a failed delivery is retried by the
//! queue and shows in `/admin/jobs`.
//!
//! ```ignore
//! let mut tx = app.db.begin().await?;
//! // ... the use case's change ...
//! notify::emit(&mut tx, app, Event::EnterpriseReplied { case: case.id }).await?;
//! tx.commit().await?;
//! ```
//!
//! A recipient who is not a user yet (a sign-up code, an invitation, the answer to a question
//! asked on `/ask`) is a bare [`Contact`]: an e-mail address or a mobile number, with the
//! language they use. Contacts get only the channel of their address; users always get the
//! inbox, and e-mail (and SMS where they have a mobile in the staff directory) as their
//! preferences say.
//!
//! # What it must not do
//! `emit` never sends anything itself and never fails the use case over a channel: an unknown
//! address is skipped, an SMTP server that is down is the queue's business. It writes only its
//! own tables (inbox, preferences, on duty, marks) and the job queue.

pub mod askers;
pub mod deliver;
pub mod duty;
pub mod inbox;
pub mod prefs;
pub mod recipients;
pub mod robots;
pub mod scan;
pub mod templates;

use domain::{DivisionCode, Id, Uscc};
use serde::{Deserialize, Serialize};
use store::Tx;

pub use deliver::Config;
pub use templates::Lang;

use crate::{App, Result};

/// Where a person who is not (yet) a user is reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Address {
    Email(String),
    /// E.164, e.g. `+8613800000000`.
    Mobile(String),
}

/// A recipient who is not a user: an address and the language to write in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub address: Address,
    pub lang: Lang,
}

impl Contact {
    /// A contact as people type it: an e-mail address if it has an `@`, else a mobile number
    /// (to E.164). None when it is neither.
    pub fn parse(text: &str, lang: Lang) -> Option<Contact> {
        let text = text.trim();
        let address = if text.contains('@') && !text.contains(' ') {
            Address::Email(text.to_owned())
        } else {
            let p = domain::phone::Phone::mobile(text).ok()?;
            Address::Mobile(p.e164().to_owned())
        };
        Some(Contact { address, lang })
    }
}

/// Which SLA clock an SLA notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaClock {
    FirstResponse,
    Resolution,
}

impl SlaClock {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "first_response",
            SlaClock::Resolution => "resolution",
        }
    }
}

/// An official's counts for the daily digest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCounts {
    pub open: i64,
    pub overdue: i64,
    pub at_risk: i64,
    /// Subjects of the cases whose follow-up is due today.
    pub due_today: Vec<String>,
}

/// Something that happened that people are told of. Each variant names its facts by id; `emit`
/// looks up the rest (names, subjects) in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A case was opened in or moved to `division`: its chief and its staff on duty (all its
    /// staff when nobody is on duty).
    CaseRouted { case: Id, division: DivisionCode },
    /// A case was assigned to `assignee`.
    CaseAssigned { case: Id, assignee: Id },
    /// A case was escalated (marked significant): the division's chief and the assignee.
    CaseEscalated { case: Id },
    /// A case's follow-up (decision) date has come: the assignee, else the division's chief.
    DecisionDue { case: Id, due: jiff::civil::Date },
    /// An SLA clock of a case is at risk: the assignee, else the chief and staff on duty.
    SlaAtRisk { case: Id, clock: SlaClock },
    /// An SLA clock ran out: the assignee and the division's chief.
    SlaBreached { case: Id, clock: SlaClock },
    /// The enterprise answered on its case (portal): the assignee, else the chief and staff
    /// on duty.
    EnterpriseReplied { case: Id },
    /// Staff answered a question asked on `/ask` or the hotline: to the asker's contact.
    QuestionAnswered {
        case: Id,
        to: Contact,
        answer: String,
    },
    /// An official was designated to an enterprise: the official and the enterprise's users.
    Designated { uscc: Uscc, official: Id },
    /// A one-time code for signing up or confirming an enterprise account.
    SignUpCode { to: Contact, code: String },
    /// An enterprise administrator invited a colleague: `link` opens the invitation.
    Invitation {
        to: Contact,
        enterprise: String,
        inviter: String,
        link: String,
    },
    /// An official's daily digest (the scheduled job emits it).
    Digest { user: Id, counts: DigestCounts },
    /// An apply-free run entitled the enterprise to a payment (measure 2): its users are told
    /// the programme and the amount, and asked to confirm their bank account.
    FundEntitlement {
        uscc: Uscc,
        entitlement: Id,
        programme_zh: String,
        programme_en: String,
        amount: domain::Money,
    },
    /// A staff step on a fund application the enterprise must hear of (returned for
    /// correction, approved, refused): the enterprise's users.
    FundApplication {
        uscc: Uscc,
        application: Id,
        programme: Id,
        /// `F-2026-000123`.
        reference: String,
        outcome: FundOutcome,
    },
}

/// What became of a fund application, as its enterprise is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundOutcome {
    /// Returned for correction; each item `documents.<document>` or `figures.<figure>`.
    Returned {
        missing: Vec<String>,
    },
    Approved {
        amount: domain::Money,
    },
    Refused {
        reason: String,
    },
}

impl Event {
    /// The stable code of the event, also its preference key and template prefix.
    pub fn name(&self) -> &'static str {
        match self {
            Event::CaseRouted { .. } => "case_routed",
            Event::CaseAssigned { .. } => "case_assigned",
            Event::CaseEscalated { .. } => "case_escalated",
            Event::DecisionDue { .. } => "decision_due",
            Event::SlaAtRisk { .. } => "sla_at_risk",
            Event::SlaBreached { .. } => "sla_breached",
            Event::EnterpriseReplied { .. } => "enterprise_replied",
            Event::QuestionAnswered { .. } => "question_answered",
            Event::Designated { .. } => "designated",
            Event::SignUpCode { .. } => "sign_up_code",
            Event::Invitation { .. } => "invitation",
            Event::Digest { .. } => "digest",
            Event::FundEntitlement { .. } => "fund_entitlement",
            Event::FundApplication { outcome, .. } => match outcome {
                FundOutcome::Returned { .. } => "fund_application_returned",
                FundOutcome::Approved { .. } => "fund_application_approved",
                FundOutcome::Refused { .. } => "fund_application_refused",
            },
        }
    }

    /// The case the event is about, if any.
    pub fn case(&self) -> Option<Id> {
        match self {
            Event::CaseRouted { case, .. }
            | Event::CaseAssigned { case, .. }
            | Event::CaseEscalated { case }
            | Event::DecisionDue { case, .. }
            | Event::SlaAtRisk { case, .. }
            | Event::SlaBreached { case, .. }
            | Event::EnterpriseReplied { case }
            | Event::QuestionAnswered { case, .. } => Some(*case),
            _ => None,
        }
    }
}

/// The events a user can choose channels for, in the order the preferences list them.
pub const USER_EVENTS: &[&str] = &[
    "case_routed",
    "case_assigned",
    "case_escalated",
    "decision_due",
    "sla_at_risk",
    "sla_breached",
    "enterprise_replied",
    "designated",
];

/// A channel a notification goes out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Inbox,
    Email,
    Sms,
}

/// Tells the people `event` concerns, in `tx` (see the module doc). Returns how many
/// recipients were found.
pub async fn emit(tx: &mut Tx, app: &App, event: Event) -> Result<usize> {
    let resolved = recipients::resolve(tx, app, &event).await?;
    let now = app.now();
    let mut n = 0;
    for r in &resolved.recipients {
        n += 1;
        match r {
            recipients::Recipient::User(u) => {
                let p = prefs::load(tx, u).await?;
                if event.name() == "digest" && !p.digest {
                    continue;
                }
                let msg = templates::render(p.lang, &event, &resolved.facts);
                let channels = p.channels_for(event.name());
                if channels.contains(&Channel::Inbox) {
                    inbox::write(tx, u.id, &event, &msg, resolved.link.clone(), now).await?;
                }
                if channels.contains(&Channel::Email) {
                    deliver::queue_email(app, tx, &u.email, &msg, event.case()).await?;
                }
                if channels.contains(&Channel::Sms)
                    && let Some(m) = recipients::mobile_of(tx, u.id).await?
                {
                    deliver::queue_sms(app, tx, &m, &msg, event.case()).await?;
                }
            }
            recipients::Recipient::Contact(c) => {
                let msg = templates::render(c.lang, &event, &resolved.facts);
                match &c.address {
                    Address::Email(e) => {
                        deliver::queue_email(app, tx, e, &msg, event.case()).await?;
                    }
                    Address::Mobile(m) => {
                        deliver::queue_sms(app, tx, m, &msg, event.case()).await?;
                    }
                }
            }
        }
    }
    robots::queue(tx, app, &event, &resolved.facts).await?;
    Ok(n)
}

/// Registers the delivery kinds (`notify_email`, `notify_sms`, `notify_robot`).
pub fn register_jobs(jobs: &crate::jobs::Registry) {
    deliver::register(jobs);
    robots::register(jobs);
}
