//! The shared case engine (measures 1, 3, 6, 7 and 9): intake, routing by the work-distribution
//! table, working records, status rules, escalation to a targeted-solution decision.
//!
//! A case kind registers in `domain::cases::KINDS`; nothing here is specific to measure 1.
//! Scopes: division staff see their division's cases, district officials the cases of their
//! designated enterprises, enterprise users their own enterprise's (never internal notes),
//! leaders everything.

mod search;
pub mod work;

pub use search::search_inquiries;

use domain::cases::{self as rules, Status};
use domain::{Action, Id, Resource, Role, Uscc, new_id};
use serde::Serialize;
use serde_json::json;
pub use store::cases::CaseFilter;
use store::cases::{CaseRecord, CaseScope, EventRecord};

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Page, Result};

/// Which cases the caller may see.
pub fn scope_for(ctx: &Ctx) -> CaseScope {
    match ctx.principal() {
        None => CaseScope::All,
        Some(p) => match p.role {
            Role::Admin | Role::Leader => CaseScope::All,
            Role::DivisionChief | Role::DivisionStaff => {
                CaseScope::Division(p.division.clone().unwrap_or_default())
            }
            Role::DistrictOfficial => CaseScope::Official(p.id),
            Role::EnterpriseUser => CaseScope::Enterprise(p.enterprise.clone().unwrap_or_default()),
            Role::Reviewer | Role::Auditor | Role::Partner => CaseScope::Nothing,
        },
    }
}

/// Enterprise users see only what is addressed to them: never internal notes, coordination,
/// escalation reasons, the decision or staff addresses.
pub(crate) fn is_enterprise(ctx: &Ctx) -> bool {
    matches!(scope_for(ctx), CaseScope::Enterprise(_))
}

/// A new case, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    pub kind: String,
    pub measure: Option<i64>,
    pub enterprise: Option<String>,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub channel: String,
    pub priority: Option<String>,
    /// For inquiries: the measure the question is about; found in the text when not given.
    pub topic: Option<i64>,
    /// The fast service channel: shorter SLA targets.
    pub fast: bool,
    /// Who asked, when they have no account (public form, hotline, messaging group).
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    /// Set by the messaging-group intake: the sender whose later messages join this case.
    pub sender_key: Option<String>,
}

/// A case checked and routed, ready to be written.
pub(crate) struct Prepared {
    rec: CaseRecord,
    kind: &'static rules::KindDef,
}

#[derive(Debug, Clone, Serialize)]
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
    /// For the "created" event of an inquiry: the measure the question is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_measure: Option<i64>,
}

/// The content of a case's "created" event.
fn routing_text(topic: Option<i64>, division: &str) -> String {
    match topic {
        Some(t) => format!("about measure {t}: {}", routed_text(division)),
        None => routed_text(division),
    }
}

fn routed_text(division: &str) -> String {
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

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub decision: String,
    pub division: String,
    pub owner: String,
    pub due_date: String,
    pub decided_by: String,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub id: String,
    pub kind: String,
    pub measure: i64,
    pub enterprise: Option<String>,
    pub subject: String,
    pub body: String,
    pub category: Option<String>,
    pub channel: String,
    pub division: String,
    pub assignee_id: Option<String>,
    pub status: String,
    pub priority: String,
    pub significant: bool,
    pub next_follow_up: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where the status may go next.
    pub next_statuses: Vec<String>,
    pub decision: Option<DecisionView>,
    /// For inquiries: the measure the question is about.
    pub topic: Option<i64>,
    /// On the fast service channel.
    pub fast: bool,
    /// Who asked, for inquiries from people without an account (staff only).
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    /// The timeline, oldest first (absent in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<EventView>>,
    /// The SLA clocks (on a single case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<crate::consulting::sla::SlaView>,
    /// Replies sent to a messaging group, with their delivery state (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliveries: Option<Vec<crate::consulting::outbox::DeliveryView>>,
}

pub(crate) fn case_view(
    c: &CaseRecord,
    decision: Option<DecisionView>,
    timeline: Option<Vec<EventView>>,
) -> CaseView {
    let next = Status::parse(&c.status)
        .map(|s| s.next().iter().map(|n| n.as_str().to_owned()).collect())
        .unwrap_or_default();
    CaseView {
        id: c.id.to_string(),
        kind: c.kind.clone(),
        measure: c.measure,
        enterprise: c.enterprise.clone(),
        subject: c.subject.clone(),
        body: c.body.clone(),
        category: c.category.clone(),
        channel: c.channel.clone(),
        division: c.division.clone(),
        assignee_id: c.assignee_id.map(|i| i.to_string()),
        status: c.status.clone(),
        priority: c.priority.clone(),
        significant: c.significant,
        next_follow_up: c.next_follow_up.clone(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        next_statuses: next,
        decision,
        topic: c.topic,
        fast: c.fast,
        contact_name: c.contact_name.clone(),
        contact: c.contact.clone(),
        timeline,
        sla: None,
        deliveries: None,
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
        next_follow_up: e.next_follow_up.clone(),
        follow_up_cleared: e.follow_up_cleared,
        internal: e.internal,
        from_status: e.from_status.clone(),
        to_status: e.to_status.clone(),
        actor: e.actor.clone(),
        at: e.at,
        about_measure: routing.as_ref().and_then(|r| r.0),
        routed_to: routing.map(|r| r.1),
    }
}

pub(crate) fn case_json(c: &CaseRecord) -> serde_json::Value {
    json!({"kind": c.kind, "measure": c.measure, "enterprise": c.enterprise, "subject": c.subject, "category": c.category,
           "channel": c.channel, "division": c.division, "assignee_id": c.assignee_id, "status": c.status,
           "priority": c.priority, "significant": c.significant, "next_follow_up": c.next_follow_up})
}

pub(crate) fn event(case_id: Id, ctx: &Ctx, at: i64, kind: &str) -> EventRecord {
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

/// Opens a case: checks it, routes it to the leading division of its measure by the
/// work-distribution table, and starts its timeline.
pub async fn open(app: &App, ctx: &Ctx, n: &NewCase) -> Result<CaseView> {
    let p = prepare(app, ctx, n).await?;
    let mut tx = app.db.begin().await?;
    let (rec, ev) = insert_prepared(app, &mut tx, ctx, &p).await?;
    tx.commit().await?;
    Ok(case_view(&rec, None, Some(vec![event_view(&ev)])))
}

/// Checks and routes a new case (reads only), so that a channel can write it inside its own
/// transaction with [`insert_prepared`].
pub(crate) async fn prepare(app: &App, ctx: &Ctx, n: &NewCase) -> Result<Prepared> {
    ctx.require(Resource::Case, Action::Create)?;
    let mut errs = Vec::new();
    let kind = rules::kind(n.kind.trim());
    if kind.is_none() {
        let known: Vec<&str> = rules::KINDS.iter().map(|k| k.code).collect();
        errs.push(domain::FieldError::new(
            "kind",
            "unknown_kind",
            format!(
                "unknown kind \"{}\"; the kinds are {}",
                n.kind,
                known.join(", ")
            ),
        ));
    }
    let measure = match n.measure.or(kind.map(|k| k.measure)) {
        Some(m) => match domain::MeasureNo::new(m) {
            Ok(m) => Some(m.get()),
            Err(msg) => {
                errs.push(domain::FieldError::new("measure", "invalid_measure", msg));
                None
            }
        },
        None => None,
    };
    if n.subject.trim().is_empty() {
        errs.push(domain::FieldError::new(
            "subject",
            "required",
            "a subject is required",
        ));
    }
    if n.body.trim().is_empty() {
        errs.push(domain::FieldError::new(
            "body",
            "required",
            "describe the problem",
        ));
    }
    if !rules::CHANNELS.contains(&n.channel.as_str()) {
        errs.push(domain::FieldError::new(
            "channel",
            "unknown_channel",
            format!("the channels are {}", rules::CHANNELS.join(", ")),
        ));
    }
    let priority = n.priority.clone().unwrap_or_else(|| "normal".into());
    if !rules::PRIORITIES.contains(&priority.as_str()) {
        errs.push(domain::FieldError::new(
            "priority",
            "unknown_priority",
            format!("the priorities are {}", rules::PRIORITIES.join(", ")),
        ));
    }
    let category = match (
        kind,
        n.category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty()),
    ) {
        (Some(k), Some(c)) if !k.categories.is_empty() && !k.categories.contains(&c) => {
            errs.push(domain::FieldError::new(
                "category",
                "unknown_category",
                format!(
                    "the categories of a {} are {}",
                    k.code,
                    k.categories.join(", ")
                ),
            ));
            None
        }
        (Some(k), None) if !k.categories.is_empty() => Some("other".to_owned()),
        (_, c) => c.map(str::to_owned),
    };
    // An enterprise user files for their own enterprise only.
    let own = match scope_for(ctx) {
        CaseScope::Enterprise(u) => Some(u),
        _ => None,
    };
    let enterprise = match (
        n.enterprise
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty()),
        &own,
    ) {
        (Some(e), _) => match Uscc::parse(e) {
            Ok(u) => Some(u.as_str().to_owned()),
            Err(err) => {
                errs.push(domain::FieldError::new(
                    "enterprise",
                    err.code(),
                    err.to_string(),
                ));
                None
            }
        },
        (None, Some(u)) => Some(u.clone()),
        (None, None) => None,
    };
    let typed_enterprise = n
        .enterprise
        .as_deref()
        .is_some_and(|e| !e.trim().is_empty());
    if kind.is_some_and(|k| k.needs_enterprise) && enterprise.is_none() && !typed_enterprise {
        errs.push(domain::FieldError::new(
            "enterprise",
            "required",
            "this kind of case needs the enterprise's USCC",
        ));
    }
    if let Some(t) = n.topic
        && let Err(msg) = domain::MeasureNo::new(t)
    {
        errs.push(domain::FieldError::new("topic", "invalid_measure", msg));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let (Some(kind), Some(measure)) = (kind, measure) else {
        return Err(AppError::Invalid(errs));
    };
    // An inquiry goes to the leading division of the measure it is about, when the table
    // names one; otherwise it stays with its own measure's division.
    let topic = if kind.code == "inquiry" {
        n.topic
            .or_else(|| domain::consulting::detect_topic(&format!("{} {}", n.subject, n.body)))
    } else {
        None
    };
    let route = match topic {
        Some(t) => match topic_route(app, t, &format!("{} {}", n.subject, n.body)).await {
            Ok(r) => r,
            Err(_) => crate::org::distribution::route(app, measure, None).await?,
        },
        None => crate::org::distribution::route(app, measure, None).await?,
    };
    let now = app.now();
    let (_, actor) = ctx.actor_label();
    let rec = CaseRecord {
        id: new_id(),
        kind: kind.code.into(),
        measure,
        enterprise: enterprise.clone(),
        subject: n.subject.trim().into(),
        body: n.body.trim().into(),
        category,
        channel: n.channel.clone(),
        division: route.leading.code.clone(),
        assignee_id: None,
        status: Status::New.as_str().into(),
        priority,
        significant: false,
        next_follow_up: None,
        created_by: Some(actor),
        created_at: now,
        updated_at: now,
        first_response_at: None,
        resolved_at: None,
        topic,
        fast: n.fast,
        contact_name: clean(n.contact_name.as_deref()),
        contact: clean(n.contact.as_deref()),
        sender_key: n.sender_key.clone(),
    };
    Ok(Prepared { rec, kind })
}

/// The route of a question about measure `t`: the item the text points at, if the table has
/// it, else the measure's leading division.
async fn topic_route(app: &App, t: i64, text: &str) -> Result<crate::org::distribution::Route> {
    if let Some(hint) = domain::consulting::item_hint(t, text) {
        let rows = {
            let mut rd = app.db.read().await?;
            store::distribution::for_measure(&mut rd, t).await?
        };
        if let Some(row) = rows.iter().find(|r| r.item.to_lowercase().contains(hint)) {
            return crate::org::distribution::route(app, t, Some(&row.item)).await;
        }
    }
    crate::org::distribution::route(app, t, None).await
}

fn clean(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Writes a prepared case, its first timeline entry and its audit entries in `tx`.
pub(crate) async fn insert_prepared(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    p: &Prepared,
) -> Result<(CaseRecord, EventRecord)> {
    let (rec, kind) = (p.rec.clone(), p.kind);
    let now = rec.created_at;
    let enterprise = rec.enterprise.clone();
    // The enterprise is read in the transaction that changes its status (one read, not two).
    let firm = match &enterprise {
        Some(u) => store::enterprises::get(tx, u).await?,
        None => None,
    };
    if let Some(u) = &enterprise {
        let visible = match (&firm, &scope_for(ctx)) {
            (None, _) => false,
            (Some(e), CaseScope::Official(id)) => e.official_id == Some(*id),
            (Some(e), CaseScope::Enterprise(own)) => e.uscc == *own,
            (Some(_), _) => true,
        };
        if !visible {
            return Err(AppError::Invalid(vec![domain::FieldError::new(
                "enterprise",
                "unknown_enterprise",
                format!("{u} is not in the registry (or not designated to you)"),
            )]));
        }
    }
    store::cases::insert(tx, &rec).await?;
    if kind.code == "inquiry" {
        let text = format!(
            "{} {} {}",
            rec.subject,
            rec.body,
            rec.contact_name.as_deref().unwrap_or("")
        );
        store::cases::add_terms(tx, rec.id, &domain::search::query_terms(&text)).await?;
    }
    let mut ev = event(rec.id, ctx, now, "created");
    ev.to_status = Some(rec.status.clone());
    ev.content = routing_text(rec.topic, &rec.division);
    store::cases::insert_event(tx, &ev).await?;
    if kind.code == "difficulty"
        && let Some(e) = &firm
        && matches!(e.status.as_str(), "active" | "resumed")
    {
        let after = store::enterprises::EnterpriseRecord {
            status: "in_difficulty".into(),
            updated_at: now,
            ..e.clone()
        };
        store::enterprises::update(tx, &after).await?;
        let change = Change {
            action: "enterprise_status_changed",
            object_type: "enterprise",
            object_id: e.uscc.clone(),
            before: Some(json!({"status": e.status})),
            after: Some(json!({"status": "in_difficulty", "case": rec.id})),
        };
        audit::record(app, tx, ctx, change).await?;
    }
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "case_opened",
            object_type: "case",
            object_id: rec.id.to_string(),
            before: None,
            after: Some(case_json(&rec)),
        },
    )
    .await?;
    Ok((rec, ev))
}

/// What an enterprise user never sees of its own case: the bureau's follow-up planning, who
/// works on it, and the contact details taken by staff.
fn hide_from_enterprise(v: &mut CaseView) {
    v.next_follow_up = None;
    v.assignee_id = None;
    v.contact = None;
    v.contact_name = None;
}

/// A case with its timeline; outside the caller's scope it is "not found".
pub async fn get(app: &App, ctx: &Ctx, id: Id) -> Result<CaseView> {
    ctx.require(Resource::Case, Action::Read)?;
    // Before taking a connection: loading the configuration may need one of its own, and a
    // request must never wait for a second connection while it holds the first.
    let sla = crate::consulting::sla::config(app).await?;
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
        division: d.division,
        owner: d.owner,
        due_date: d.due_date,
        decided_by: d.decided_by,
        at: d.at,
    });
    let changes = crate::consulting::sla::changes_of(&events);
    let mut view = case_view(&c, decision, Some(events.iter().map(event_view).collect()));
    view.sla = Some(crate::consulting::sla::clocks(
        &sla,
        &c,
        &changes,
        app.now(),
    ));
    if for_enterprise {
        hide_from_enterprise(&mut view);
    } else if c.sender_key.is_some() {
        view.deliveries = Some(
            store::consulting::deliveries_of_case(&mut rd, id)
                .await?
                .iter()
                .map(crate::consulting::outbox::delivery_view)
                .collect(),
        );
    }
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
    let before = match cursor {
        Some(c) => Some(uuid::Uuid::parse_str(c).map_err(|_| {
            AppError::invalid("cursor", "invalid_cursor", "this cursor is not valid")
        })?),
        None => None,
    };
    let mut rd = app.db.read().await?;
    let page = store::cases::list(&mut rd, &scope_for(ctx), f, limit, before).await?;
    let for_enterprise = is_enterprise(ctx);
    Ok(Page {
        items: page
            .items
            .iter()
            .map(|c| {
                let mut v = case_view(c, None, None);
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

    #[test]
    fn the_routing_sentence_reads_back() {
        assert_eq!(
            parse_routing(&routing_text(None, "IP3")),
            Some((None, "IP3".into()))
        );
        assert_eq!(
            parse_routing(&routing_text(Some(2), "FT")),
            Some((Some(2), "FT".into()))
        );
        assert_eq!(parse_routing("客户来电"), None);
        assert_eq!(
            parse_routing("about measure x: routed to FT by the work-distribution table"),
            None
        );
    }
}
