//! A programme's budget as the ledger counts it (issue 12): allocated (the programme's budget),
//! committed (approved, cleared, in a batch or failed at the bank: owed, not yet paid), disbursed (paid, less recoveries
//! paid back) and remaining = allocated − committed − disbursed. Recoveries not yet paid back
//! count for nothing: money is only counted back once it is back.

use domain::funds::PaymentStatus;
use domain::{Action, Id, Money, Resource};
use serde::Serialize;
use store::Tx;

use super::{programme_in, require_scope};
use crate::{App, AppError, Ctx, Result};

/// One line of the budget: the payments of one status (recoveries apart).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BudgetLine {
    pub status: PaymentStatus,
    /// Money coming back (settlement recoveries) rather than going out.
    pub recovery: bool,
    pub count: i64,
    /// Fen.
    #[schemars(with = "i64")]
    pub amount: Money,
}

/// A programme's budget for its year. Amounts in fen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Budget {
    pub programme_id: String,
    pub year: i64,
    #[schemars(with = "i64")]
    pub allocated: Money,
    /// Queued, not yet approved: not counted against the budget.
    #[schemars(with = "i64")]
    pub pending: Money,
    #[schemars(with = "i64")]
    pub committed: Money,
    #[schemars(with = "i64")]
    pub disbursed: Money,
    #[schemars(with = "i64")]
    pub remaining: Money,
    /// The sums the figures above are made of, per status.
    pub lines: Vec<BudgetLine>,
}

fn overflow(e: domain::MoneyError) -> AppError {
    AppError::Unexpected(format!("budget sums: {e}"))
}

/// The budget read inside a transaction (the approval checks it in its own).
pub async fn budget_in(tx: &mut Tx, programme_id: Id) -> Result<Budget> {
    let programme = programme_in(tx, programme_id).await?;
    let sums = store::fund_payments::sums(tx, programme_id).await?;
    let total = |pick: &dyn Fn(&store::fund_payments::StatusSum) -> bool| {
        Money::sum(sums.iter().filter(|s| pick(s)).map(|s| s.amount)).map_err(overflow)
    };
    let pending = total(&|s| !s.recovery && s.status == PaymentStatus::PendingApproval)?;
    let committed = total(&|s| !s.recovery && s.status.is_committed())?;
    let paid = total(&|s| !s.recovery && s.status == PaymentStatus::Paid)?;
    let recovered = total(&|s| s.recovery && s.status == PaymentStatus::Paid)?;
    let disbursed = paid.checked_sub(recovered).map_err(overflow)?;
    let remaining = programme
        .budget
        .checked_sub(committed)
        .and_then(|m| m.checked_sub(disbursed))
        .map_err(overflow)?;
    let mut lines: Vec<BudgetLine> = sums
        .iter()
        .map(|s| BudgetLine {
            status: s.status,
            recovery: s.recovery,
            count: s.count,
            amount: s.amount,
        })
        .collect();
    lines.sort_by_key(|l| {
        (
            l.recovery,
            PaymentStatus::ALL.iter().position(|s| *s == l.status),
        )
    });
    Ok(Budget {
        programme_id: programme_id.to_string(),
        year: programme.year,
        allocated: programme.budget,
        pending,
        committed,
        disbursed,
        remaining,
        lines,
    })
}

/// A programme's budget, for the staff of its division, leaders and auditors.
pub async fn budget(app: &App, ctx: &Ctx, programme_id: Id) -> Result<Budget> {
    ctx.require(Resource::FundPayment, Action::Read)?;
    let mut rd = app.db.read().await?;
    let programme = programme_in(&mut rd, programme_id).await?;
    // Outside the caller's scope looks the same as missing.
    require_scope(ctx, Resource::FundPayment, Action::Read, programme.division)
        .map_err(|_| AppError::NotFound)?;
    budget_in(&mut rd, programme_id).await
}
