//! The ledger's part in an application (measure 2: "an approval that would overspend is
//! refused, or needs a leader's override with a reason"): at final approval the amount is
//! committed against the programme's budget as a payment of source `application`, inside the
//! approval's own transaction; an approved application shows `disbursed` once that payment is
//! paid (derived from the payment's status; this module never writes the ledger's rows).
//!
//! The ledger (`fund_payments`) belongs to the fund-money work; until it is on main, approval
//! commits nothing and no application shows disbursed. Both seams are here and nowhere else.

use domain::Id;
use domain::funds::workflow::Hands;
use store::db::Tx;
use store::fund_applications::ApplicationRecord;

use crate::{App, Ctx, Result};

/// Commits the approved amount of `a` against its programme's budget; answers the payment.
/// Refuses (naming `amount`, code `budget_exceeded`) an overspend unless a leader gives
/// `override_reason`; refuses anyone among `hands`' examiners and verifiers (four eyes).
pub async fn commit(
    _tx: &mut Tx,
    _app: &App,
    _ctx: &Ctx,
    _a: &ApplicationRecord,
    _hands: &Hands,
    _override_reason: Option<&str>,
) -> Result<Option<Id>> {
    Ok(None)
}

/// Whether the payment made for an application has been paid.
pub async fn paid(_tx: &mut Tx, payment: Option<Id>) -> Result<bool> {
    // No payment is marked paid before the ledger lands.
    let _ = payment;
    Ok(false)
}
