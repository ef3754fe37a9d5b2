//! The one place this module touches the ledger ([`crate::funds::ledger`]): queueing a payment
//! for something it decided, and approving one the enterprise confirmed. Both run inside the
//! caller's transaction; the ledger audits each step. Also the enterprise's bank account as
//! it confirms an entitlement (the ledger's `fund_bank_accounts`): until the ledger's own
//! account use case exists, the account entered is checked and kept here, audited with the
//! confirmation.

use domain::funds::PaymentSource;
use domain::funds::payments::{mask_account, parse_account_number};
use domain::{FieldError, Id, Money, Uscc};
use store::Tx;
use store::funds::ProgrammeRecord;

use crate::funds::ledger::{self, NewPayment};
use crate::{App, AppError, Ctx, Result};

/// What is owed and why.
pub(crate) struct Owed<'a> {
    pub programme: &'a ProgrammeRecord,
    pub uscc: &'a str,
    pub year: i64,
    pub source: PaymentSource,
    pub source_id: Id,
    pub amount: Money,
    pub rule_version: i64,
    pub explanation: serde_json::Value,
}

/// Queues the payment `pending_approval`; returns its id. Queued in the name of the system
/// (`ctx` is the step's own actor for the audit of that step): the approval that follows is a
/// chief's, and no person queued it for four eyes to stop.
pub(crate) async fn queue(tx: &mut Tx, app: &App, o: Owed<'_>) -> Result<String> {
    let uscc = Uscc::parse(o.uscc).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let id = ledger::queue(
        tx,
        app,
        &Ctx::system("fund_free"),
        NewPayment {
            programme_id: o.programme.id,
            uscc,
            year: o.year,
            source: o.source,
            source_id: o.source_id.to_string(),
            amount: o.amount,
            rule_version: o.rule_version,
            explanation: o.explanation,
            applied_at_ms: app.now(),
        },
    )
    .await?;
    Ok(id.to_string())
}

/// Approves a queued payment as `ctx` (budget checked by the ledger).
pub(crate) async fn approve(tx: &mut Tx, app: &App, ctx: &Ctx, payment: &str) -> Result<()> {
    let id: Id = uuid::Uuid::parse_str(payment)
        .map_err(|e| AppError::Unexpected(format!("payment id {payment}: {e}")))?;
    ledger::approve(tx, app, ctx, &id, &[], None).await
}

/// What the ledger holds for an enterprise under a programme and year, net of recoveries.
pub(crate) async fn held_by(tx: &mut Tx, programme: Id, uscc: &str, year: i64) -> Result<Money> {
    let held = store::fund_free::held(tx, programme, year, Some(uscc)).await?;
    Ok(Money::from_fen(held.first().map_or(0, |h| h.net_fen)))
}

/// A bank account the enterprise enters when it confirms.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub bank_name: String,
    /// The account holder's name, as the bank has it.
    pub account_name: String,
    /// Digits (spaces and hyphens between groups are dropped), 8 to 32 of them.
    pub account_number: String,
}

/// The enterprise's account on file, as shown: bank and masked number.
pub(crate) async fn account_on_file(tx: &mut Tx, uscc: &Uscc) -> Result<Option<String>> {
    Ok(store::fund_free::bank_account(tx, uscc.as_str())
        .await?
        .map(|(bank, number)| format!("{bank} {}", mask_account(&number))))
}

/// Records the account the enterprise entered, each field checked; returns it as shown.
pub(crate) async fn record_account(
    tx: &mut Tx,
    app: &App,
    ctx: &Ctx,
    uscc: &Uscc,
    a: &AccountInput,
) -> Result<String> {
    let mut errs = Vec::new();
    for (field, v) in [
        ("bank_account.bank_name", &a.bank_name),
        ("bank_account.account_name", &a.account_name),
    ] {
        if v.trim().is_empty() {
            errs.push(FieldError::new(field, "required", "this field is required"));
        } else if v.chars().count() > 100 {
            errs.push(FieldError::new(field, "too_long", "at most 100 characters"));
        }
    }
    let number = parse_account_number(&a.account_number)
        .map_err(|code| {
            errs.push(FieldError::new(
                "bank_account.account_number",
                code,
                "8 to 32 digits",
            ));
        })
        .ok();
    let Some(number) = number.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let bank = a.bank_name.trim();
    store::fund_free::put_bank_account(
        tx,
        &store::fund_free::NewBankAccount {
            uscc: uscc.as_str(),
            bank_name: bank,
            account_name: a.account_name.trim(),
            account_number: &number,
            by: &ctx.actor_label().1,
            at: app.now(),
        },
    )
    .await?;
    Ok(format!("{bank} {}", mask_account(&number)))
}
