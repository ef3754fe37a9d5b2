//! The shared case engine (measures 1, 3, 6, 7 and 9): intake, routing by the work-distribution
//! table, working records, status rules, escalation to a targeted-solution decision.
//!
//! A case kind registers itself with the engine ([`kinds`]); nothing here names a kind.
//! Scopes: division staff see their division's cases and those of the measures their division
//! shares with others in the work-distribution table (joint handling: they add records, the
//! leading division moves, assigns and escalates); district officials the cases of the
//! enterprises of their district; enterprise users their own enterprise's (never internal
//! notes); leaders everything.

mod assign;
pub mod attach;
pub mod calendar;
pub mod export;
pub mod join;
pub mod kinds;
mod open;
mod scope;
mod search;
pub mod sla;
mod sla_settings;
pub mod work;

pub use assign::{Assignable, Workload, assign, assignable, workload};
pub use open::{NewCase, Prepared, insert_prepared, open, prepare};
pub(crate) use scope::{is_enterprise, may_manage};
pub use scope::{manage_scope, scope_for};
pub use search::{index_words, search_inquiries};

use domain::dates::show_date;
use domain::{Action, DivisionCode, Id, MeasureNo, Resource, new_id};
use serde::Serialize;
use serde_json::json;
pub use store::cases::{CaseFilter, CaseSort, SortKey};
use store::cases::{CaseRecord, EventRecord};

use crate::{App, AppError, Ctx, Page, Result};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventView {
    pub id: String,
    pub kind: String,
    pub record_kind: Option<String>,
    pub content: String,
    pub outcome: Option<String>,
    pub next_follow_up: Option<String>,
    /// This record cleared the case's next follow-up date.
    pub follow_up_cleared: bool,
    pub internal: bool,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor: String,
    pub at: i64,
    /// For the "created" event: the division the table routed the case to, so that pages can
    /// say it in the reader's language (the stored content is the English sentence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_to: Option<String>,
    /// For the "created" event of a case routed by its topic: the measure it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_measure: Option<i64>,
}

/// The content of a case's "created" event.
pub(super) fn routing_text(topic: Option<MeasureNo>, division: DivisionCode) -> String {
    match topic {
        Some(t) => format!("about measure {t}: {}", routed_text(division)),
        None => routed_text(division),
    }
}

fn routed_text(division: DivisionCode) -> String {
    format!("routed to {division} by the work-distribution table")
}

/// Reads [`routing_text`] back: (the measure asked about, the division).
fn parse_routing(content: &str) -> Option<(Option<i64>, String)> {
    let (topic, rest) = match content.strip_prefix("about measure ") {
        Some(r) => {
            let (n, rest) = r.split_once(": ")?;
            (Some(n.parse().ok()?), rest)
        }
        None => (None, content),
    };
    let division = rest
        .strip_prefix("routed to ")?
        .strip_suffix(" by the work-distribution table")?;
    Some((topic, division.to_owned()))
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DecisionView {
    pub decision: String,
    pub division: String,
    pub owner: String,
    pub due_date: String,
    pub decided_by: String,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaseView {
    pub id: String,
    pub kind: String,
    pub measure: i64,
    pub enterprise: Option<String>,
    /// The enterprise's registered name.
    pub enterprise_name: Option<String>,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub channel: String,
    pub division: String,
    pub assignee_id: Option<String>,
    /// The assignee's name.
    pub assignee_name: Option<String>,
    pub status: String,
    pub priority: String,
    pub significant: bool,
    pub next_follow_up: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where the status may go next.
    pub next_statuses: Vec<String>,
    pub decision: Option<DecisionView>,
    /// The measure the case is about, for kinds routed by it.
    pub topic: Option<i64>,
    /// On the fast service channel.
    pub fast: bool,
    /// Who asked, for inquiries from people without an account (staff only).
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    /// The caller may change the status, assign, escalate and move the case: false for a
    /// division that handles it jointly beside the leading one (it adds records only).
    pub may_manage: bool,
    /// The timeline, oldest first (absent in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<EventView>>,
    /// The SLA clocks (on a single case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<sla::SlaView>,
    /// Fields a kind adds to a single case ([`kinds::KindHooks::view`]).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

pub(crate) fn case_view(
    c: &CaseRecord,
    decision: Option<DecisionView>,
    timeline: Option<Vec<EventView>>,
) -> CaseView {
    let next = c
        .status
        .next()
        .iter()
        .map(|n| n.as_str().to_owned())
        .collect();
    CaseView {
        id: c.id.to_string(),
        kind: c.kind.clone(),
        measure: c.measure.get(),
        enterprise: c.enterprise.as_ref().map(|u| u.as_str().to_owned()),
        enterprise_name: None,
        subject: c.subject.clone(),
        body: c.body.clone(),
        category: c.category.clone(),
        channel: c.channel.clone(),
        division: c.division.as_str().to_owned(),
        assignee_id: c.assignee_id.map(|i| i.to_string()),
        assignee_name: None,
        status: c.status.as_str().to_owned(),
        priority: c.priority.clone(),
        significant: c.significant,
        next_follow_up: c.next_follow_up.map(show_date),
        created_at: c.created_at,
        updated_at: c.updated_at,
        next_statuses: next,
        decision,
        topic: c.topic.map(MeasureNo::get),
        fast: c.fast,
        contact_name: c.contact_name.clone(),
        contact: c.contact.clone(),
        may_manage: false,
        timeline,
        sla: None,
        extra: serde_json::Map::new(),
    }
}

pub(crate) fn event_view(e: &EventRecord) -> EventView {
    let routing = if e.kind == "created" {
        parse_routing(&e.content)
    } else {
        None
    };
    EventView {
        id: e.id.to_string(),
        kind: e.kind.clone(),
        record_kind: e.record_kind.clone(),
        content: e.content.clone(),
        outcome: e.outcome.clone(),
        next_follow_up: e.next_follow_up.map(show_date),
        follow_up_cleared: e.follow_up_cleared,
        internal: e.internal,
        from_status: e.from_status.map(|s| s.as_str().to_owned()),
        to_status: e.to_status.map(|s| s.as_str().to_owned()),
        actor: e.actor.clone(),
        at: e.at,
        about_measure: routing.as_ref().and_then(|r| r.0),
        routed_to: routing.map(|r| r.1),
    }
}

pub(crate) fn case_json(c: &CaseRecord) -> serde_json::Value {
    json!({"kind": c.kind, "measure": c.measure, "enterprise": c.enterprise, "subject": c.subject, "category": c.category,
           "channel": c.channel, "division": c.division, "assignee_id": c.assignee_id, "status": c.status,
           "priority": c.priority, "significant": c.significant, "next_follow_up": c.next_follow_up.map(show_date)})
}

/// A new timeline entry of `kind` on a case, by the caller, at `at`; the caller fills in the
/// rest and writes it with [`append`].
pub fn event(case_id: Id, ctx: &Ctx, at: i64, kind: &str) -> EventRecord {
    let (actor_id, actor) = ctx.actor_label();
    EventRecord {
        id: new_id(),
        case_id,
        kind: kind.into(),
        record_kind: None,
        content: String::new(),
        outcome: None,
        next_follow_up: None,
        follow_up_cleared: false,
        internal: false,
        from_status: None,
        to_status: None,
        actor_id,
        actor,
        at,
    }
}

/// Appends an entry to a case's timeline in `tx`. The one writer of timeline rows: every module
/// that records something on a case (a channel's message or call, a kind's hook) calls it.
pub async fn append(tx: &mut store::Tx, ev: &EventRecord) -> Result<()> {
    store::cases::insert_event(tx, ev).await?;
    Ok(())
}

/// What an enterprise user never sees of its own case: the bureau's follow-up planning, who
/// works on it, and the contact details taken by staff.
fn hide_from_enterprise(v: &mut CaseView) {
    v.next_follow_up = None;
    v.assignee_id = None;
    v.assignee_name = None;
    v.contact = None;
    v.contact_name = None;
}

/// A case with its timeline; outside the caller's scope it is "not found".
pub async fn get(app: &App, ctx: &Ctx, id: Id) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Read)?;
    // Before taking a connection: loading the configuration may need one of its own, and a
    // request must never wait for a second connection while it holds the first.
    let sla = sla::config(app).await?;
    let mut rd = app.db.read().await?;
    let for_enterprise = is_enterprise(ctx);
    let (c, mut events) =
        store::cases::get_with_timeline(&mut rd, &scope_for(ctx), id, for_enterprise)
            .await?
            .ok_or(AppError::NotFound)?;
    if for_enterprise {
        for e in &mut events {
            e.actor = "bureau".into();
            // Follow-up dates are the bureau's planning, not the enterprise's business.
            e.next_follow_up = None;
            e.follow_up_cleared = false;
        }
    }
    // Only escalated (significant) cases have decisions, and enterprises never see them.
    let decision = if c.significant && !for_enterprise {
        store::cases::decision(&mut rd, id).await?
    } else {
        None
    };
    let decision = decision.map(|d| DecisionView {
        decision: d.decision,
        division: d.division.as_str().to_owned(),
        owner: d.owner,
        due_date: show_date(d.due_date),
        decided_by: d.decided_by,
        at: d.at,
    });
    let changes = sla::changes_of(&events);
    let mut view = case_view(&c, decision, Some(events.iter().map(event_view).collect()));
    view.assignee_name = assign::name_views(&mut rd, std::slice::from_ref(&c))
        .await?
        .pop()
        .flatten();
    view.sla = Some(sla::clocks(&sla, &c, &changes, app.now()));
    view.may_manage = may_manage(ctx, &c);
    view.enterprise_name = assign::enterprise_names(&mut rd, std::slice::from_ref(&c))
        .await?
        .pop()
        .flatten();
    if for_enterprise {
        hide_from_enterprise(&mut view);
    }
    let showing = kinds::Showing {
        app,
        ctx,
        case: &c,
        for_enterprise,
    };
    app.kinds
        .hooks(&c.kind)
        .view(&mut rd, showing, &mut view.extra)
        .await?;
    Ok(view)
}

/// Cases the caller may see, newest first; `total` counts only those.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    f: &CaseFilter,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<CaseView>> {
    ctx.require(Resource::Case, Action::Read)?;
    let after = match cursor {
        Some(c) => Some(store::cases::Cursor::parse(f.sort, c).ok_or_else(|| {
            AppError::invalid("cursor", "invalid_cursor", "this cursor is not valid")
        })?),
        None => None,
    };
    let mut rd = app.db.read().await?;
    let page = store::cases::list(&mut rd, &scope_for(ctx), f, limit, after).await?;
    let for_enterprise = is_enterprise(ctx);
    let names = assign::name_views(&mut rd, &page.items).await?;
    let firms = assign::enterprise_names(&mut rd, &page.items).await?;
    Ok(Page {
        items: page
            .items
            .iter()
            .zip(names.into_iter().zip(firms))
            .map(|(c, (name, firm))| {
                let mut v = case_view(c, None, None);
                v.assignee_name = name;
                v.enterprise_name = firm;
                v.may_manage = may_manage(ctx, c);
                if for_enterprise {
                    hide_from_enterprise(&mut v);
                }
                v
            })
            .collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_routing, routing_text};
    use domain::{DivisionCode, MeasureNo};

    #[test]
    fn the_routing_sentence_reads_back() {
        assert_eq!(
            parse_routing(&routing_text(None, DivisionCode::IP3)),
            Some((None, "IP3".into()))
        );
        assert_eq!(
            parse_routing(&routing_text(MeasureNo::new(2).ok(), DivisionCode::FT)),
            Some((Some(2), "FT".into()))
        );
        assert_eq!(parse_routing("客户来电"), None);
        assert_eq!(
            parse_routing("about measure x: routed to FT by the work-distribution table"),
            None
        );
    }
}
