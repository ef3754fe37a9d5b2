//! A batch comes back from the bank: marked paid as a whole with the bank's reference, or
//! reconciled line by line from the bank's returned file (CSV or XLSX: reference, status
//! paid/failed, bank reference) through the import pipeline, which names every defect by row,
//! column, value and reason and applies nothing when any row is bad. A failed payment goes
//! back to be batched again; the batch closes when no line is left waiting.

use std::collections::HashMap;

use domain::funds::PaymentStatus;
use domain::{Action, Id, Resource};
use serde::Deserialize;
use store::Tx;
use store::fund_batches::BatchRecord;
use store::fund_payments::PaymentRecord;

use super::{BatchView, audit_batch, read_batch, view};
use crate::funds::ledger::transit;
use crate::imports::{self, Column, Format, ImportReport, Importer, Options, Problem, Sheet};
use crate::{App, AppError, Ctx, Result};

/// The bank's reference for a batch paid as a whole.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaidInput {
    pub bank_reference: String,
}

/// Records one line's outcome: the line, the payment (paid with `paid_at`, or failed and free
/// to be batched again), audited.
async fn settle_line(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    batch: Id,
    p: &PaymentRecord,
    paid: bool,
    bank_reference: &str,
) -> Result<()> {
    let status = if paid { "paid" } else { "failed" };
    if !store::fund_batches::settle_item(tx, batch, p.id, status, Some(bank_reference)).await? {
        return Err(AppError::Conflict(
            "line_settled",
            format!("{} was already settled", p.reference),
        ));
    }
    let mut after = p.clone();
    after.bank_reference = Some(bank_reference.to_owned()).filter(|s| !s.is_empty());
    if paid {
        after.status = PaymentStatus::Paid;
        after.paid_at = Some(app.now());
    } else {
        after.status = PaymentStatus::Failed;
    }
    let action = if paid {
        "fund_payment_paid"
    } else {
        "fund_payment_failed"
    };
    transit(tx, app, ctx, p, after, action).await?;
    Ok(())
}

/// Closes the batch when no line is left waiting.
async fn close_if_done(tx: &mut Tx, app: &App, ctx: &Ctx, b: &mut BatchRecord) -> Result<()> {
    let items = store::fund_batches::items(tx, b.id).await?;
    if items.iter().all(|i| i.status != "in_batch") {
        b.status = "closed".into();
        b.closed_at = Some(app.now());
        b.updated_at = app.now();
        store::fund_batches::upsert(tx, b).await?;
        audit_batch(app, tx, ctx, "fund_batch_closed", b).await?;
    }
    Ok(())
}

/// The payments of a batch still waiting for the bank, by reference.
async fn waiting(tx: &mut Tx, b: &BatchRecord) -> Result<HashMap<String, PaymentRecord>> {
    let mut out = HashMap::new();
    for i in store::fund_batches::items(tx, b.id).await? {
        if i.status != "in_batch" {
            continue;
        }
        if let Some(p) = store::fund_payments::get(tx, i.payment_id).await? {
            out.insert(p.reference.clone(), p);
        }
    }
    Ok(out)
}

/// Marks every waiting line of the batch paid with the bank's reference (its division's chief).
pub async fn mark_paid(app: &App, ctx: &Ctx, id: Id, input: &PaidInput) -> Result<BatchView> {
    let reference = input.bank_reference.trim();
    if reference.is_empty() || reference.chars().count() > 100 {
        return Err(AppError::invalid(
            "bank_reference",
            "required",
            "the bank's reference for the transfer, at most 100 characters",
        ));
    }
    let mut tx = app.db.begin().await?;
    let mut b = read_batch(&mut tx, ctx, id, Action::Update).await?;
    let lines = waiting(&mut tx, &b).await?;
    if lines.is_empty() {
        return Err(AppError::Conflict(
            "batch_closed",
            format!("batch {} has no payment waiting", b.reference),
        ));
    }
    for p in lines.values() {
        settle_line(&mut tx, app, ctx, b.id, p, true, reference).await?;
    }
    b.bank_reference = Some(reference.to_owned());
    close_if_done(&mut tx, app, ctx, &mut b).await?;
    let v = view(&mut tx, &b).await?;
    tx.commit().await?;
    Ok(v)
}

/// The bank's returned file for one batch.
struct BankReturn {
    batch: BatchRecord,
}

/// A checked line of the returned file.
struct Outcome {
    payment: PaymentRecord,
    paid: bool,
    bank_reference: String,
}

const COLUMNS: &[Column] = &[
    Column {
        name: "reference",
        aliases: &["参考号", "业务参考号", "ref"],
        required: true,
    },
    Column {
        name: "status",
        aliases: &["状态", "结果", "result"],
        required: true,
    },
    Column {
        name: "bank_reference",
        aliases: &["银行流水号", "银行参考号", "bank_ref"],
        required: false,
    },
];

fn outcome(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "paid" | "success" | "成功" | "已付" => Some(true),
        "failed" | "fail" | "失败" | "退回" => Some(false),
        _ => None,
    }
}

impl Importer for BankReturn {
    type Known = HashMap<String, PaymentRecord>;
    type Valid = Outcome;

    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn authorise(&self, ctx: &Ctx) -> Result<()> {
        ctx.require(Resource::FundBatch, Action::Update)
    }

    async fn known(&self, app: &App) -> Result<Self::Known> {
        let mut rd = app.db.read().await?;
        waiting(&mut rd, &self.batch).await
    }

    fn check(&self, known: &Self::Known, sheet: &Sheet, report: &mut ImportReport) -> Vec<Outcome> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for row in &sheet.rows {
            if row.is_blank() {
                continue;
            }
            let (reference, status, bank_ref) =
                (sheet.cell(row, 0), sheet.cell(row, 1), sheet.cell(row, 2));
            let mut problems = Vec::new();
            let payment = known.get(reference);
            if payment.is_none() {
                problems.push(Problem::new(
                    row.number,
                    "reference",
                    reference,
                    format!(
                        "no payment of batch {} waits under this reference",
                        self.batch.reference
                    ),
                ));
            } else if let Some(first) = seen.insert(reference.to_owned(), row.number) {
                problems.push(Problem::new(
                    row.number,
                    "reference",
                    reference,
                    format!("already given on row {first}"),
                ));
            }
            let paid = outcome(status);
            if paid.is_none() {
                problems.push(Problem::new(row.number, "status", status, "paid or failed"));
            }
            if paid == Some(true) && bank_ref.is_empty() {
                problems.push(Problem::new(
                    row.number,
                    "bank_reference",
                    bank_ref,
                    "a paid line needs the bank's reference",
                ));
            }
            match (payment, paid) {
                (Some(p), Some(paid)) if problems.is_empty() => out.push(Outcome {
                    payment: p.clone(),
                    paid,
                    bank_reference: bank_ref.to_owned(),
                }),
                _ => report.refuse(row, problems),
            }
        }
        out
    }

    async fn apply(
        &self,
        app: &App,
        ctx: &Ctx,
        tx: &mut Tx,
        _file: &[u8],
        valid: Vec<Outcome>,
        report: &mut ImportReport,
    ) -> Result<()> {
        for o in &valid {
            settle_line(
                tx,
                app,
                ctx,
                self.batch.id,
                &o.payment,
                o.paid,
                &o.bank_reference,
            )
            .await?;
            report.updated += 1;
        }
        let mut b = self.batch.clone();
        close_if_done(tx, app, ctx, &mut b).await?;
        audit_batch(app, tx, ctx, "fund_batch_reconciled", &b).await
    }
}

/// Reconciles a batch from the bank's returned file (its division's chief). Strict: any bad
/// row applies nothing; the report names each by row, column, value and reason.
pub async fn reconcile(
    app: &App,
    ctx: &Ctx,
    id: Id,
    bytes: &[u8],
    format: Format,
    dry_run: bool,
) -> Result<ImportReport> {
    let batch = {
        let mut rd = app.db.read().await?;
        read_batch(&mut rd, ctx, id, Action::Update).await?
    };
    let imp = BankReturn { batch };
    imports::run(app, ctx, &imp, bytes, format, Options::new(dry_run, false)).await
}
