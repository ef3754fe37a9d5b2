//! The bank payment file of a batch, as CSV (UTF-8 with a byte-order mark) or XLSX: payee
//! name, bank, account (whole: the only place it is shown so), amount in yuan with two
//! decimals, purpose, reference. Exporting is audited (who took the account numbers out).

use domain::{Action, Id, Money};
use store::fund_payments::PaymentFilter;

use super::{audit_batch, read_batch};
use crate::imports::{Format, write};
use crate::{App, AppError, Ctx, Result};

/// The file's columns, in order; the reconcile file matches lines by `reference`.
pub const COLUMNS: [&str; 6] = [
    "payee_name",
    "bank",
    "account",
    "amount",
    "purpose",
    "reference",
];

/// An amount as the bank reads it: yuan with two decimals, no grouping (`1234.50`).
pub fn yuan(m: Money) -> String {
    let f = m.fen();
    let sign = if f < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        f.unsigned_abs() / 100,
        f.unsigned_abs() % 100
    )
}

/// The batch's bank payment file, for its division's chief.
pub async fn export(app: &App, ctx: &Ctx, id: Id, format: Format) -> Result<Vec<u8>> {
    let mut tx = app.db.begin().await?;
    let mut b = read_batch(&mut tx, ctx, id, Action::Update).await?;
    let items = store::fund_batches::items(&mut tx, b.id).await?;
    let ids: Vec<Id> = items.iter().map(|i| i.payment_id).collect();
    let accounts = store::fund_bank::for_payments(&mut tx, &ids).await?;
    let rows = store::fund_payments::list(
        &mut tx,
        &PaymentFilter {
            batch: Some(b.id),
            ..PaymentFilter::default()
        },
        i64::from(u32::MAX),
    )
    .await?;
    let mut out = Vec::with_capacity(items.len());
    for i in &items {
        let r = rows
            .iter()
            .find(|r| r.payment.id == i.payment_id)
            .ok_or_else(|| AppError::Unexpected("a batch line without its payment".into()))?;
        let a = accounts
            .iter()
            .find(|a| a.uscc == r.payment.uscc)
            .ok_or_else(|| AppError::Unexpected("a batched payment without an account".into()))?;
        out.push(vec![
            a.account_name.clone(),
            a.bank_name.clone(),
            a.account_number.clone(),
            yuan(i.amount),
            format!("{} {}", r.programme_name_zh, r.payment.year),
            r.payment.reference.clone(),
        ]);
    }
    let bytes = write::write(format, &b.reference, &COLUMNS, &out).map_err(AppError::Unexpected)?;
    b.exported_at = b.exported_at.or(Some(app.now()));
    b.updated_at = app.now();
    store::fund_batches::upsert(&mut tx, &b).await?;
    audit_batch(app, &mut tx, ctx, "fund_batch_exported", &b).await?;
    tx.commit().await?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_yuan_with_two_decimals() {
        assert_eq!(yuan(Money::from_fen(123_450)), "1234.50");
        assert_eq!(yuan(Money::from_fen(1)), "0.01");
        assert_eq!(yuan(Money::from_fen(10_000_000_000)), "100000000.00");
    }
}
