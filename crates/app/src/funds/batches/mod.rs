//! Payment batches (measure 2): the chief of a division groups its cleared payments (and failed
//! ones, to try again) into a batch, exports the bank payment file ([`file`]), and marks the
//! batch paid with the bank's reference or reconciles the bank's returned file ([`settle`]).
//! A payment without a bank account, or of another division, cannot be batched. Every step is
//! audited. A batch's total is always the sum of its lines.

pub mod file;
pub mod settle;

use domain::funds::{PaymentSource, PaymentStatus};
use domain::{Action, FieldError, Id, Resource, new_id};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::fund_batches::{BatchRecord, ItemRecord};
use store::fund_payments::{PaymentFilter, PaymentRecord};

use super::ledger::{next_reference, programme_in, require_scope, transit};
use super::payments::own_division;
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// One line of a batch, with the names a reader needs; the account masked.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BatchLineView {
    pub payment_id: String,
    pub reference: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub programme_name_zh: String,
    pub programme_name_en: String,
    /// Fen.
    pub amount: i64,
    /// `in_batch`, `paid` or `failed`: this line's outcome.
    pub status: String,
    pub bank_reference: Option<String>,
    pub bank_name: Option<String>,
    pub account_number_masked: Option<String>,
}

/// A batch, its total and its lines. Amounts in fen; times epoch-ms.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BatchView {
    pub id: String,
    pub reference: String,
    pub division: String,
    /// `open` or `closed`.
    pub status: String,
    pub bank_reference: Option<String>,
    pub created_at: i64,
    pub exported_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub count: i64,
    /// The sum of the lines' amounts.
    pub total: i64,
    pub lines: Vec<BatchLineView>,
}

/// Which payments go into a new batch: their ids or references.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub payments: Vec<String>,
}

/// A batch the caller may read (outside their division it looks missing).
pub(crate) async fn read_batch(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Id,
    action: Action,
) -> Result<BatchRecord> {
    ctx.require(Resource::FundBatch, action)?;
    let b = store::fund_batches::get(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_scope(ctx, Resource::FundBatch, Action::Read, b.division)
        .map_err(|_| AppError::NotFound)?;
    require_scope(ctx, Resource::FundBatch, action, b.division)?;
    Ok(b)
}

pub(crate) async fn view(tx: &mut Tx, b: &BatchRecord) -> Result<BatchView> {
    let items = store::fund_batches::items(tx, b.id).await?;
    let ids: Vec<Id> = items.iter().map(|i| i.payment_id).collect();
    let accounts = store::fund_bank::for_payments(tx, &ids).await?;
    let rows = store::fund_payments::list(
        tx,
        &PaymentFilter {
            batch: Some(b.id),
            ..PaymentFilter::default()
        },
        i64::from(u32::MAX),
    )
    .await?;
    let mut lines = Vec::with_capacity(items.len());
    for i in &items {
        let Some(r) = rows.iter().find(|r| r.payment.id == i.payment_id) else {
            continue;
        };
        let acct = accounts.iter().find(|a| a.uscc == r.payment.uscc);
        lines.push(BatchLineView {
            payment_id: i.payment_id.to_string(),
            reference: r.payment.reference.clone(),
            enterprise: r.payment.uscc.as_str().to_owned(),
            enterprise_name: r.enterprise_name.clone(),
            programme_name_zh: r.programme_name_zh.clone(),
            programme_name_en: r.programme_name_en.clone(),
            amount: i.amount.fen(),
            status: i.status.clone(),
            bank_reference: i.bank_reference.clone(),
            bank_name: acct.map(|a| a.bank_name.clone()),
            account_number_masked: acct
                .map(|a| domain::funds::payments::mask_account(&a.account_number)),
        });
    }
    let total = domain::Money::sum(items.iter().map(|i| i.amount))
        .map_err(|e| AppError::Unexpected(e.to_string()))?;
    Ok(BatchView {
        id: b.id.to_string(),
        reference: b.reference.clone(),
        division: b.division.as_str().to_owned(),
        status: b.status.clone(),
        bank_reference: b.bank_reference.clone(),
        created_at: b.created_at,
        exported_at: b.exported_at,
        closed_at: b.closed_at,
        count: items.len() as i64,
        total: total.fen(),
        lines,
    })
}

pub(crate) async fn audit_batch(
    app: &App,
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    b: &BatchRecord,
) -> Result<()> {
    let after = serde_json::json!({
        "reference": b.reference,
        "division": b.division.as_str(),
        "status": b.status,
        "bank_reference": b.bank_reference,
        "exported_at": b.exported_at,
        "closed_at": b.closed_at,
    });
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action,
            object_type: "fund_batch",
            object_id: b.id.to_string(),
            before: None,
            after: Some(after),
        },
    )
    .await
}

/// Finds the payment `key` (an id or a reference) and checks it may be batched by `ctx`;
/// the defect otherwise, named for `field`.
async fn batchable(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    field: &str,
) -> Result<std::result::Result<(PaymentRecord, domain::DivisionCode), FieldError>> {
    let key = key.trim();
    let found = match uuid::Uuid::parse_str(key) {
        Ok(id) => store::fund_payments::get(tx, id).await?,
        Err(_) => store::fund_payments::find_by_reference(tx, key).await?,
    };
    let division = match &found {
        Some(p) => Some(programme_in(tx, p.programme_id).await?.division),
        None => None,
    };
    let (Some(p), Some(d)) = (found, division) else {
        return Ok(Err(FieldError::new(
            field,
            "not_found",
            format!("no payment {key}"),
        )));
    };
    if require_scope(ctx, Resource::FundBatch, Action::Create, d).is_err() {
        return Ok(Err(FieldError::new(
            field,
            "not_found",
            format!("no payment {key}"),
        )));
    }
    let defect = if p.source == PaymentSource::Recovery {
        Some((
            "recovery",
            "a recovery is money coming back: it is not paid out".to_owned(),
        ))
    } else if !p.status.is_batchable() {
        Some((
            "not_cleared",
            format!(
                "{} is {}: only cleared or failed payments are batched",
                p.reference,
                p.status.as_str()
            ),
        ))
    } else if store::fund_bank::get(tx, &p.uscc).await?.is_none() {
        Some((
            "no_bank_account",
            format!(
                "{} ({}) has no bank account on file",
                p.reference,
                p.uscc.as_str()
            ),
        ))
    } else {
        None
    };
    Ok(match defect {
        Some((code, msg)) => Err(FieldError::new(field, code, msg)),
        None => Ok((p, d)),
    })
}

/// Groups payments into a new batch (the chief of their division). Every defect is named by
/// its place in `payments`; nothing is written unless all are good.
pub async fn create_batch(app: &App, ctx: &Ctx, input: &BatchInput) -> Result<BatchView> {
    ctx.require(Resource::FundBatch, Action::Create)?;
    if input.payments.is_empty() {
        return Err(AppError::invalid(
            "payments",
            "required",
            "name at least one payment",
        ));
    }
    let mut tx = app.db.begin().await?;
    let mut errs = Vec::new();
    let mut good: Vec<(PaymentRecord, domain::DivisionCode)> = Vec::new();
    for (i, key) in input.payments.iter().enumerate() {
        let field = format!("payments[{i}]");
        match batchable(&mut tx, ctx, key, &field).await? {
            Ok(pd) if good.iter().any(|(p, _)| p.id == pd.0.id) => {
                errs.push(FieldError::new(&field, "duplicate", "named twice"));
            }
            Ok(pd) => good.push(pd),
            Err(e) => errs.push(e),
        }
    }
    let division = own_division(ctx).or(good.first().map(|(_, d)| *d));
    for (i, (p, d)) in good.iter().enumerate() {
        if Some(*d) != division {
            errs.push(FieldError::new(
                format!("payments[{i}]"),
                "other_division",
                format!("{} belongs to another division's batch", p.reference),
            ));
        }
    }
    let Some(division) = division.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let now = app.now();
    let batch = BatchRecord {
        id: new_id(),
        reference: next_reference(app, &mut tx, "fund_batches", 'B', 4).await?,
        division,
        status: "open".into(),
        bank_reference: None,
        created_by: ctx.actor_label().1,
        created_at: now,
        exported_at: None,
        closed_at: None,
        updated_at: now,
    };
    store::fund_batches::upsert(&mut tx, &batch).await?;
    for (p, _) in &good {
        store::fund_batches::insert_item(
            &mut tx,
            &ItemRecord {
                batch_id: batch.id,
                payment_id: p.id,
                amount: p.amount,
                status: "in_batch".into(),
                bank_reference: None,
            },
        )
        .await?;
        let mut after = p.clone();
        after.status = PaymentStatus::InBatch;
        after.batch_id = Some(batch.id);
        after.bank_reference = None;
        transit(&mut tx, app, ctx, p, after, "fund_payment_batched").await?;
    }
    audit_batch(app, &mut tx, ctx, "fund_batch_created", &batch).await?;
    let v = view(&mut tx, &batch).await?;
    tx.commit().await?;
    Ok(v)
}

/// Batches within the caller's scope, newest first, without their lines.
pub async fn list_batches(app: &App, ctx: &Ctx) -> Result<Vec<BatchView>> {
    ctx.require(Resource::FundBatch, Action::Read)?;
    let mut rd = app.db.read().await?;
    Ok(store::fund_batches::list(&mut rd, own_division(ctx), 200)
        .await?
        .into_iter()
        .map(|s| BatchView {
            id: s.batch.id.to_string(),
            reference: s.batch.reference.clone(),
            division: s.batch.division.as_str().to_owned(),
            status: s.batch.status.clone(),
            bank_reference: s.batch.bank_reference.clone(),
            created_at: s.batch.created_at,
            exported_at: s.batch.exported_at,
            closed_at: s.batch.closed_at,
            count: s.count,
            total: s.total.fen(),
            lines: Vec::new(),
        })
        .collect())
}

/// One batch with its lines.
pub async fn batch(app: &App, ctx: &Ctx, id: Id) -> Result<BatchView> {
    let mut rd = app.db.read().await?;
    let b = read_batch(&mut rd, ctx, id, Action::Read).await?;
    view(&mut rd, &b).await
}
