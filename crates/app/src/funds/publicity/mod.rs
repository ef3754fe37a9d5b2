//! Measure 2's publicity (公示): before payment, a programme's approved payments are published
//! as a list for its publicity period (`publicity_days` working days on the bureau's calendar),
//! in which anyone may object to a listed payment ([`objections`]). When the period is over
//! (a job due at its end, or on demand) each line clears, holds or is cancelled through the
//! ledger ([`end`]). The public sees the enterprise's name, the programme and the amount;
//! nothing else about a payment leaves the back office.

pub mod end;
pub mod objections;
pub mod setting;

use domain::dates::date_string;
use domain::dates::{parse_civil_date, show_date};
use domain::funds::publicity::last_day;
use domain::{Action, Id, Resource, new_id};
use serde::Serialize;
use store::fund_publicity::{ItemRecord, PublicityRecord};

use super::ledger::require_scope;
use super::programmes::read_one;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

pub use end::{end_due, end_publicity, register_jobs};
pub use objections::{
    NewObjection, ObjectionDecision, ObjectionFiled, ObjectionView, decide_objection,
    file_objection,
};
pub use setting::{PublicityDays, publicity_days, set_publicity_days};

/// A line of a published list, as the public sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicLine {
    pub line: i64,
    pub enterprise_name: String,
    /// Fen.
    pub amount: i64,
}

/// A published list as the public sees it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicityPublic {
    pub id: String,
    pub programme_id: String,
    pub programme_name_zh: String,
    pub programme_name_en: String,
    /// YYYY-MM-DD: published on.
    pub starts_on: String,
    /// YYYY-MM-DD: the last day objections are taken.
    pub ends_on: String,
    /// `running` or `ended`.
    pub status: String,
    /// Fen, the list's total.
    pub total: i64,
    pub lines: Vec<PublicLine>,
}

/// A line as staff see it: with its payment and what became of it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StaffLine {
    pub line: i64,
    pub payment_id: String,
    pub enterprise_name: String,
    /// Fen.
    pub amount: i64,
    /// `listed`, `cleared`, `held` or `cancelled`.
    pub outcome: String,
}

/// A published list as its division's staff see it, with the objections filed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicityView {
    #[serde(flatten)]
    pub public: PublicityPublic,
    pub division: String,
    pub published_by: String,
    pub created_at: i64,
    /// When the period is over (epoch ms).
    pub ends_at: i64,
    pub ended_at: Option<i64>,
    pub items: Vec<StaffLine>,
    pub objections: Vec<ObjectionView>,
}

pub(crate) struct Loaded {
    pub record: PublicityRecord,
    pub programme: store::funds::ProgrammeRecord,
    pub items: Vec<ItemRecord>,
}

pub(crate) async fn load(tx: &mut store::Tx, id: Id) -> Result<Loaded> {
    let record = store::fund_publicity::get(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = store::funds::get(tx, record.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = store::fund_publicity::items(tx, id).await?;
    Ok(Loaded {
        record,
        programme,
        items,
    })
}

impl Loaded {
    fn public(&self) -> PublicityPublic {
        let r = &self.record;
        PublicityPublic {
            id: r.id.to_string(),
            programme_id: r.programme_id.to_string(),
            programme_name_zh: self.programme.name_zh.clone(),
            programme_name_en: self.programme.name_en.clone(),
            starts_on: show_date(r.starts_on),
            ends_on: show_date(r.ends_on),
            status: r.status.clone(),
            total: self.items.iter().map(|i| i.amount.fen()).sum(),
            lines: self
                .items
                .iter()
                .map(|i| PublicLine {
                    line: i.line,
                    enterprise_name: i.enterprise_name.clone(),
                    amount: i.amount.fen(),
                })
                .collect(),
        }
    }
}

/// The published lists the public may read, newest first (at most 100).
pub async fn public_list(app: &App) -> Result<Vec<PublicityPublic>> {
    let mut rd = app.db.read().await?;
    let mut out = Vec::new();
    for r in store::fund_publicity::list(&mut rd, None, 100).await? {
        out.push(load(&mut rd, r.id).await?.public());
    }
    Ok(out)
}

/// One published list, as anyone sees it.
pub async fn public_one(app: &App, id: Id) -> Result<PublicityPublic> {
    let mut rd = app.db.read().await?;
    Ok(load(&mut rd, id).await?.public())
}

/// One published list with its payments and objections (its division's staff, leaders,
/// auditors).
pub async fn publicity(app: &App, ctx: &Ctx, id: Id) -> Result<PublicityView> {
    let mut rd = app.db.read().await?;
    let l = load(&mut rd, id).await?;
    require_scope(
        ctx,
        Resource::FundPayment,
        Action::Read,
        l.programme.division,
    )?;
    let objections = store::fund_publicity::objections(&mut rd, id).await?;
    Ok(with_phones_shown(app, staff_view(&l, &objections)))
}

/// The objectors' phones as people write them (`139 0411 0000`); e-mail addresses as they are.
fn with_phones_shown(app: &App, mut v: PublicityView) -> PublicityView {
    for o in &mut v.objections {
        if o.contact.starts_with('+') {
            o.contact = domain::Phone::from_e164(&o.contact).display(&app.settings.area_code);
        }
    }
    v
}

fn staff_view(l: &Loaded, objections: &[store::fund_publicity::ObjectionRecord]) -> PublicityView {
    let r = &l.record;
    PublicityView {
        public: l.public(),
        division: l.programme.division.as_str().to_owned(),
        published_by: r.published_by.clone(),
        created_at: r.created_at,
        ends_at: r.ends_at,
        ended_at: r.ended_at,
        items: l
            .items
            .iter()
            .map(|i| StaffLine {
                line: i.line,
                payment_id: i.payment_id.to_string(),
                enterprise_name: i.enterprise_name.clone(),
                amount: i.amount.fen(),
                outcome: i.outcome.clone(),
            })
            .collect(),
        objections: objections
            .iter()
            .map(|o| ObjectionView::of(o, &l.items))
            .collect(),
    }
}

/// A programme's published lists, newest first (staff).
pub async fn list_for_programme(app: &App, ctx: &Ctx, programme: Id) -> Result<Vec<PublicityView>> {
    let p = read_one(app, ctx, programme).await?;
    require_scope(ctx, Resource::FundPayment, Action::Read, p.division)?;
    let mut rd = app.db.read().await?;
    let mut out = Vec::new();
    for r in store::fund_publicity::list(&mut rd, Some(programme), 50).await? {
        let l = load(&mut rd, r.id).await?;
        let objections = store::fund_publicity::objections(&mut rd, r.id).await?;
        out.push(with_phones_shown(app, staff_view(&l, &objections)));
    }
    Ok(out)
}

/// Publishes the programme's approved payments not yet listed (the division's chief, or a
/// leader) for its publicity period, and schedules the period's end.
pub async fn publish(app: &App, ctx: &Ctx, programme: Id) -> Result<PublicityView> {
    let p = read_one(app, ctx, programme).await?;
    require_scope(ctx, Resource::FundPayment, Action::Update, p.division)?;
    let cal = crate::cases::sla::config(app).await?.calendar.clone();
    let mut tx = app.db.begin().await?;
    let days = store::fund_payments::publicity_days(&mut tx, programme).await?;
    if days == 0 {
        return Err(AppError::Conflict(
            "no_publicity",
            "this programme has no publicity period: its approved payments are cleared at once"
                .into(),
        ));
    }
    let lines = store::fund_publicity::unlisted_approved(&mut tx, programme).await?;
    if lines.is_empty() {
        return Err(AppError::Conflict(
            "nothing_to_publish",
            "no approved payment of this programme waits to be published".into(),
        ));
    }
    let zone = app.zone();
    let today = zone.day(app.now());
    let last = last_day(&cal, today, days).ok_or_else(|| {
        AppError::Conflict(
            "no_working_days",
            "the calendar has no working day ahead".into(),
        )
    })?;
    let date =
        |d: i64| parse_civil_date(&date_string(d)).map_err(|e| AppError::Unexpected(e.to_string()));
    let now = app.now();
    let record = PublicityRecord {
        id: new_id(),
        programme_id: programme,
        starts_on: date(today)?,
        ends_on: date(last)?,
        ends_at: zone.start_of_day(last + 1),
        status: "running".into(),
        published_by: ctx.actor_label().1,
        created_at: now,
        ended_at: None,
        updated_at: now,
    };
    store::fund_publicity::insert(&mut tx, &record).await?;
    for (n, (payment_id, name, amount)) in lines.into_iter().enumerate() {
        let item = ItemRecord {
            publicity_id: record.id,
            payment_id,
            line: n as i64 + 1,
            enterprise_name: name,
            amount,
            outcome: "listed".into(),
        };
        store::fund_publicity::insert_item(&mut tx, &item).await?;
    }
    let l = load(&mut tx, record.id).await?;
    let view = staff_view(&l, &[]);
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_publicity_published",
            object_type: "fund_publicity",
            object_id: record.id.to_string(),
            before: None,
            after: serde_json::to_value(&view).ok(),
        },
    )
    .await?;
    crate::jobs::enqueue_at(
        app,
        &mut tx,
        end::JOB,
        Some(record.id.to_string()),
        &serde_json::json!({ "publicity": record.id.to_string() }),
        record.ends_at,
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}
