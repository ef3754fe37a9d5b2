//! Opening a case: checking what was typed, routing it by the work-distribution table, and
//! writing it with the first entry of its timeline and its audit entries.

use std::sync::Arc;

use domain::cases::{self as rules, Status};
use domain::{Action, Resource, Uscc, new_id};
use store::cases::{CaseRecord, CaseScope, EventRecord};

use super::kinds::{Kind, KindHooks, Opening, Routing};
use super::{CaseView, case_json, case_view, event, event_view, routing_text, scope_for};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

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
    /// The measure the case is about, for kinds that route by it (an inquiry finds it in the
    /// text when not given).
    pub topic: Option<i64>,
    /// The item of the measure's work the case is about, where the work-distribution table
    /// splits the measure by item (found in the subject when not given).
    pub item: Option<String>,
    /// The fast service channel: shorter SLA targets.
    pub fast: bool,
    /// Who asked, when they have no account (public form, hotline, messaging group).
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    /// Set by the messaging-group intake: the sender whose later messages join this case.
    pub sender_key: Option<String>,
}

/// A case checked and routed, ready to be written.
pub struct Prepared {
    rec: CaseRecord,
    hooks: Arc<dyn KindHooks>,
}

impl Prepared {
    /// The case is answered as it is opened (staff talked to the person who asked): its
    /// first-response clock stops at `at`.
    pub fn answered_at(&mut self, at: i64) {
        self.rec.first_response_at = Some(at);
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

/// Checks the subject, body and channel; returns the priority (`normal` unless given).
fn check_text_fields(n: &NewCase, errs: &mut Vec<domain::FieldError>) -> String {
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
    priority
}

/// The case's category: one of its kind's categories (`other` when none is given), or any
/// text for kinds without categories.
fn category_of(
    kind: Option<&Kind>,
    category: Option<&str>,
    errs: &mut Vec<domain::FieldError>,
) -> Option<String> {
    match (kind, category.map(str::trim).filter(|c| !c.is_empty())) {
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
    }
}

/// The enterprise a case is about: the USCC typed, else an enterprise user's own.
fn enterprise_of(
    ctx: &Ctx,
    n: &NewCase,
    kind: Option<&Kind>,
    errs: &mut Vec<domain::FieldError>,
) -> Option<Uscc> {
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
            Ok(u) => Some(u),
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
    enterprise
}

/// Checks and routes a new case (reads only), so that a channel can write it inside its own
/// transaction with [`insert_prepared`].
pub async fn prepare(app: &App, ctx: &Ctx, n: &NewCase) -> Result<Prepared> {
    ctx.require(Resource::Case, Action::Create)?;
    let mut errs = Vec::new();
    let kind = app.kinds.get(n.kind.trim());
    if kind.is_none() {
        let known = app.kinds.codes();
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
            Ok(m) => Some(m),
            Err(msg) => {
                errs.push(domain::FieldError::new(
                    "measure",
                    msg.code(),
                    msg.to_string(),
                ));
                None
            }
        },
        None => None,
    };
    let priority = check_text_fields(n, &mut errs);
    let category = category_of(kind, n.category.as_deref(), &mut errs);
    let enterprise = enterprise_of(ctx, n, kind, &mut errs);
    if let Some(t) = n.topic
        && let Err(msg) = domain::MeasureNo::new(t)
    {
        errs.push(domain::FieldError::new(
            "topic",
            msg.code(),
            msg.to_string(),
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let (Some(kind), Some(measure)) = (kind, measure) else {
        return Err(AppError::Invalid(errs));
    };
    let routing = match kind.hooks.route(app, n, measure).await? {
        Some(r) => r,
        None => Routing {
            topic: None,
            route: route_by_item(app, measure, n).await?,
        },
    };
    let (topic, route) = (routing.topic, routing.route);
    let division = route.leading.code;
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
        division,
        assignee_id: None,
        status: Status::New,
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
    Ok(Prepared {
        rec,
        hooks: kind.hooks.clone(),
    })
}

/// The route of a case the kind leaves to the engine: the division of the item given, or of
/// the one item of the measure the subject names, where the table splits the measure by item;
/// else the measure's leading division. Driven by the table's items, never by a measure.
async fn route_by_item(
    app: &App,
    measure: domain::MeasureNo,
    n: &NewCase,
) -> Result<crate::org::distribution::Route> {
    let given = n.item.as_deref().map(str::trim).filter(|i| !i.is_empty());
    let item = match given {
        Some(i) => Some(i.to_owned()),
        None => {
            let rows = {
                let mut rd = app.db.read().await?;
                store::distribution::for_measure(&mut rd, measure).await?
            };
            item_named_in(&rows, &n.subject)
        }
    };
    crate::org::distribution::route(app, measure, item.as_deref()).await
}

/// The one item of these rows whose text the subject contains (case and spacing aside).
fn item_named_in(rows: &[store::distribution::RowRecord], subject: &str) -> Option<String> {
    let subject = crate::org::distribution::normalise(subject);
    let mut named: Vec<&str> = rows
        .iter()
        .map(|r| r.item.as_str())
        .filter(|i| !i.is_empty() && subject.contains(&crate::org::distribution::normalise(i)))
        .collect();
    named.dedup();
    match named.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

fn clean(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Writes a prepared case, its first timeline entry and its audit entries in `tx`.
pub async fn insert_prepared(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    p: &Prepared,
) -> Result<(CaseRecord, EventRecord)> {
    let rec = p.rec.clone();
    let now = rec.created_at;
    // The enterprise is read once, in the transaction, for the check and for the kind's hook.
    let party = match &rec.enterprise {
        Some(u) => store::cases::party(tx, u.as_str()).await?,
        None => None,
    };
    if let Some(u) = &rec.enterprise {
        let visible = match (&party, &scope_for(ctx)) {
            (None, _) => false,
            (Some(e), CaseScope::District(d)) => &e.district == d,
            (Some(e), CaseScope::Enterprise(own)) => e.uscc == own.as_str(),
            (Some(_), _) => true,
        };
        if !visible {
            return Err(AppError::Invalid(vec![domain::FieldError::new(
                "enterprise",
                "unknown_enterprise",
                format!("{u} is not in the registry (or not in your district)"),
            )]));
        }
    }
    store::cases::insert(tx, &rec).await?;
    let mut ev = event(rec.id, ctx, now, "created");
    ev.to_status = Some(rec.status);
    ev.content = routing_text(rec.topic, rec.division);
    super::append(tx, &ev).await?;
    let opening = Opening {
        app,
        ctx,
        case: &rec,
        party: party.as_ref(),
    };
    p.hooks.on_open(tx, opening).await?;
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
    crate::notify::emit(
        tx,
        app,
        crate::notify::Event::CaseRouted {
            case: rec.id,
            division: rec.division,
        },
    )
    .await?;
    Ok((rec, ev))
}
