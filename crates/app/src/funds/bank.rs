//! Enterprises' bank accounts, where measure 2 pays: set by the enterprise in the portal or by
//! a fund division's staff, audited, always shown masked (`•••• 6789`) except in the bank
//! payment file. The account name must be the registry name, or be confirmed on purpose.
//! An enterprise user sees and sets only its own; a forbidden one looks missing.
//!
//! Apply-free entitlements ask the enterprise to confirm the account on file: [`account_of`]
//! and [`confirm`] (inside the caller's transaction).

use domain::funds::payments::{mask_account, parse_account_number};
use domain::{Action, FieldError, Resource, Role, Uscc};
use serde::{Deserialize, Serialize};
use store::Tx;
use store::fund_bank::BankAccountRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// An account as everyone but the bank file sees it: the number masked.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BankAccountView {
    pub enterprise: String,
    pub bank_name: String,
    pub account_name: String,
    /// `•••• 6789`.
    pub account_number_masked: String,
    /// The account name is not the registry name and was confirmed on purpose.
    pub name_confirmed: bool,
    pub updated_at: i64,
}

impl From<&BankAccountRecord> for BankAccountView {
    fn from(a: &BankAccountRecord) -> Self {
        BankAccountView {
            enterprise: a.uscc.as_str().to_owned(),
            bank_name: a.bank_name.clone(),
            account_name: a.account_name.clone(),
            account_number_masked: mask_account(&a.account_number),
            name_confirmed: a.name_confirmed,
            updated_at: a.updated_at,
        }
    }
}

/// An account to set.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankAccountInput {
    pub bank_name: String,
    pub account_name: String,
    /// Digits only, 8 to 32 (spaces between groups are dropped).
    pub account_number: String,
    /// Confirms an account name that differs from the registry name.
    #[serde(default)]
    pub confirm_name: bool,
}

/// The enterprise `uscc` as the caller may see it: an enterprise user only its own.
fn scoped(ctx: &Ctx, uscc: &str, action: Action) -> Result<Uscc> {
    ctx.require(Resource::FundBankAccount, action)?;
    let u = Uscc::parse(uscc).map_err(|_| AppError::NotFound)?;
    match ctx.principal() {
        Some(p) if p.role == Role::EnterpriseUser && p.enterprise.as_ref() != Some(&u) => {
            Err(AppError::NotFound)
        }
        _ => Ok(u),
    }
}

/// The account on file, read inside a transaction (no permission check: for other use cases).
pub async fn account_in(tx: &mut Tx, uscc: &Uscc) -> Result<Option<BankAccountRecord>> {
    Ok(store::fund_bank::get(tx, uscc).await?)
}

/// The account on file for `uscc`, masked; `None` when there is none.
pub async fn account_of(app: &App, ctx: &Ctx, uscc: &str) -> Result<Option<BankAccountView>> {
    let u = scoped(ctx, uscc, Action::Read)?;
    let mut rd = app.db.read().await?;
    if store::enterprises::get(&mut rd, &u).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(account_in(&mut rd, &u)
        .await?
        .as_ref()
        .map(BankAccountView::from))
}

fn masked(a: &BankAccountRecord) -> Option<serde_json::Value> {
    serde_json::to_value(BankAccountView::from(a)).ok()
}

/// Checks `input` against the registry name; the record to write, or every defect named.
fn validate(
    input: &BankAccountInput,
    uscc: &Uscc,
    registry_name: &str,
) -> Result<(String, String, String, bool)> {
    let mut errs = Vec::new();
    let bank = input.bank_name.trim();
    if bank.is_empty() || bank.chars().count() > 100 {
        errs.push(FieldError::new(
            "bank_name",
            "required",
            "the bank and branch, at most 100 characters",
        ));
    }
    let name = input.account_name.trim();
    let differs = name != registry_name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errs.push(FieldError::new(
            "account_name",
            "required",
            "the name the account is held in",
        ));
    } else if differs && !input.confirm_name {
        errs.push(FieldError::new(
            "account_name",
            "name_differs",
            format!(
                "the account name is not the registered name of {} (\"{registry_name}\"): correct it, or confirm it on purpose",
                uscc.as_str()
            ),
        ));
    }
    let number = match parse_account_number(&input.account_number) {
        Ok(n) => n,
        Err(code) => {
            errs.push(FieldError::new(
                "account_number",
                code,
                "digits only, 8 to 32 of them",
            ));
            String::new()
        }
    };
    if errs.is_empty() {
        Ok((bank.to_owned(), name.to_owned(), number, differs))
    } else {
        Err(AppError::Invalid(errs))
    }
}

/// Sets the account of `uscc` (the enterprise itself, or a fund division's staff); audited
/// with the number masked.
pub async fn set_account(
    app: &App,
    ctx: &Ctx,
    uscc: &str,
    input: &BankAccountInput,
) -> Result<BankAccountView> {
    let u = scoped(ctx, uscc, Action::Update)?;
    let mut tx = app.db.begin().await?;
    let firm = store::enterprises::get(&mut tx, &u)
        .await?
        .ok_or(AppError::NotFound)?;
    let (bank_name, account_name, account_number, name_confirmed) =
        validate(input, &u, &firm.name)?;
    let before = store::fund_bank::get(&mut tx, &u).await?;
    let now = app.now();
    let rec = BankAccountRecord {
        uscc: u,
        bank_name,
        account_name,
        account_number,
        name_confirmed,
        updated_by: ctx.actor_label().1,
        created_at: before.as_ref().map_or(now, |b| b.created_at),
        updated_at: now,
    };
    store::fund_bank::upsert(&mut tx, &rec).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "fund_bank_account_set",
            object_type: "fund_bank_account",
            object_id: rec.uscc.as_str().to_owned(),
            before: before.as_ref().and_then(masked),
            after: masked(&rec),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(BankAccountView::from(&rec))
}

/// The enterprise confirms, inside the caller's transaction, that the account on file is where
/// to pay (an apply-free entitlement); audited. Refused naming `bank_account` when none is on
/// file.
pub async fn confirm(tx: &mut Tx, app: &App, ctx: &Ctx, uscc: &Uscc) -> Result<BankAccountView> {
    let u = scoped(ctx, uscc.as_str(), Action::Update)?;
    let Some(rec) = store::fund_bank::get(tx, &u).await? else {
        return Err(AppError::invalid(
            "bank_account",
            "no_bank_account",
            "no bank account is on file: give one first",
        ));
    };
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "fund_bank_account_confirmed",
            object_type: "fund_bank_account",
            object_id: u.as_str().to_owned(),
            before: None,
            after: masked(&rec),
        },
    )
    .await?;
    Ok(BankAccountView::from(&rec))
}
