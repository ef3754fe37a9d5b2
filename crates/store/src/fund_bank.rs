//! Enterprises' bank accounts for measure 2's payments: one per enterprise. The number is kept
//! whole (the bank payment file needs it); masking is the reader's job.

use domain::{Id, Uscc};

use crate::Result;
use crate::db::{Row, Tx, q};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccountRecord {
    pub uscc: Uscc,
    pub bank_name: String,
    pub account_name: String,
    pub account_number: String,
    /// The account name differs from the registry name and was confirmed on purpose.
    pub name_confirmed: bool,
    pub updated_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "uscc, bank_name, account_name, account_number, name_confirmed, updated_by, created_at, updated_at";

fn from_row(r: &Row) -> Result<BankAccountRecord> {
    Ok(BankAccountRecord {
        uscc: r.get("uscc")?,
        bank_name: r.get("bank_name")?,
        account_name: r.get("account_name")?,
        account_number: r.get("account_number")?,
        name_confirmed: r.get("name_confirmed")?,
        updated_by: r.get("updated_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Sets an enterprise's account (its creation time stays as first written).
pub async fn upsert(tx: &mut Tx, a: &BankAccountRecord) -> Result<()> {
    tx.execute(
        q(format!("INSERT INTO fund_bank_accounts ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (uscc) DO UPDATE SET bank_name = excluded.bank_name, account_name = excluded.account_name, account_number = excluded.account_number, name_confirmed = excluded.name_confirmed, updated_by = excluded.updated_by, updated_at = excluded.updated_at"))
            .bind(&a.uscc)
            .bind(&a.bank_name)
            .bind(&a.account_name)
            .bind(&a.account_number)
            .bind(a.name_confirmed)
            .bind(&a.updated_by)
            .bind(a.created_at)
            .bind(a.updated_at),
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, uscc: &Uscc) -> Result<Option<BankAccountRecord>> {
    tx.fetch_optional(
        q(format!(
            "SELECT {COLS} FROM fund_bank_accounts WHERE uscc = $1"
        ))
        .bind(uscc),
    )
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The accounts of the enterprises paid by `payments` (for a batch's file), by USCC.
pub async fn for_payments(tx: &mut Tx, payments: &[Id]) -> Result<Vec<BankAccountRecord>> {
    let mut out = Vec::new();
    for chunk in payments.chunks(200) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let mut query = q(format!(
            "SELECT DISTINCT a.uscc, a.bank_name, a.account_name, a.account_number, a.name_confirmed, a.updated_by, a.created_at, a.updated_at FROM fund_bank_accounts a JOIN fund_payments p ON p.uscc = a.uscc WHERE p.id IN ({})",
            marks.join(", ")
        ));
        for id in chunk {
            query = query.bind(*id);
        }
        for r in tx.fetch_all(query).await? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}
