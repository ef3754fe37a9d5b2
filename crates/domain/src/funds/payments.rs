//! Measure 2's ledger vocabulary: where a payment comes from, the states it passes through, and
//! which moves between them are allowed; a bank account number checked and shown masked. Pure.

use serde::{Deserialize, Serialize};

/// Why the bureau owes (or recovers) an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentSource {
    /// An application approved by the division chief.
    Application,
    /// An apply-free entitlement (免申即享).
    Entitlement,
    /// A top-up owed because a clause improved for a past period.
    TopUp,
    /// The balance paid at final settlement of an advance payment.
    Settlement,
    /// Money the enterprise pays back at final settlement (counted as money coming back).
    Recovery,
}

impl PaymentSource {
    pub const ALL: [PaymentSource; 5] = [
        PaymentSource::Application,
        PaymentSource::Entitlement,
        PaymentSource::TopUp,
        PaymentSource::Settlement,
        PaymentSource::Recovery,
    ];

    /// The stable code (also the i18n key's tail: `payment-source-top_up`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentSource::Application => "application",
            PaymentSource::Entitlement => "entitlement",
            PaymentSource::TopUp => "top_up",
            PaymentSource::Settlement => "settlement",
            PaymentSource::Recovery => "recovery",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentSource> {
        PaymentSource::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Where a payment stands. `pending_approval` is not committed against the budget; `approved`,
/// `cleared` and `in_batch` are; `paid` is disbursed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    PendingApproval,
    /// Committed; waiting for the programme's publicity period (公示) to end.
    Approved,
    /// May be paid: publicity over with no open objection, or none needed.
    Cleared,
    InBatch,
    Paid,
    /// The bank returned it; it may go into a new batch.
    Failed,
    Cancelled,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 7] = [
        PaymentStatus::PendingApproval,
        PaymentStatus::Approved,
        PaymentStatus::Cleared,
        PaymentStatus::InBatch,
        PaymentStatus::Paid,
        PaymentStatus::Failed,
        PaymentStatus::Cancelled,
    ];

    /// The stable code (also the i18n key's tail: `payment-status-in_batch`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::PendingApproval => "pending_approval",
            PaymentStatus::Approved => "approved",
            PaymentStatus::Cleared => "cleared",
            PaymentStatus::InBatch => "in_batch",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Counted as committed against the budget: approved, not yet paid. A failed payment is
    /// still owed (it goes into a new batch), so it stays committed.
    pub fn is_committed(self) -> bool {
        matches!(
            self,
            PaymentStatus::Approved
                | PaymentStatus::Cleared
                | PaymentStatus::InBatch
                | PaymentStatus::Failed
        )
    }

    /// May go into a payment batch.
    pub fn is_batchable(self) -> bool {
        matches!(self, PaymentStatus::Cleared | PaymentStatus::Failed)
    }
}

/// Whether the ledger allows moving a payment from `from` to `to`.
pub fn can_move(from: PaymentStatus, to: PaymentStatus) -> bool {
    use PaymentStatus::*;
    matches!(
        (from, to),
        (PendingApproval, Approved | Cleared | Cancelled)
            | (Approved, Cleared | Cancelled)
            | (Cleared, InBatch | Cancelled)
            | (Failed, InBatch | Cancelled)
            | (InBatch, Paid | Failed)
    )
}

/// A bank account number: digits only, 8 to 32 of them (spaces typed between groups are
/// dropped). Returns the digits, or a stable error code.
pub fn parse_account_number(s: &str) -> Result<String, &'static str> {
    let digits: String = s.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if digits.is_empty() {
        Err("required")
    } else if !digits.bytes().all(|b| b.is_ascii_digit()) {
        Err("digits_only")
    } else if !(8..=32).contains(&digits.len()) {
        Err("account_length")
    } else {
        Ok(digits)
    }
}

/// An account number as it is shown everywhere but the bank payment file: `•••• 6789`.
pub fn mask_account(number: &str) -> String {
    let n = number.chars().count();
    let tail: String = number.chars().skip(n.saturating_sub(4)).collect();
    format!("•••• {tail}")
}

/// A payment's or batch's human reference: `P-2026-000123`, `B-2026-0007`.
pub fn reference(prefix: char, year: i16, seq: i64, width: usize) -> String {
    format!("{prefix}-{year}-{seq:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentStatus::*;

    #[test]
    fn account_numbers_are_digits_8_to_32_long() {
        assert_eq!(
            parse_account_number("6222 0212 3456 789"),
            Ok("622202123456789".into())
        );
        assert_eq!(parse_account_number("1234567"), Err("account_length"));
        assert_eq!(parse_account_number(&"1".repeat(33)), Err("account_length"));
        assert_eq!(parse_account_number("12345678a"), Err("digits_only"));
        assert_eq!(parse_account_number("１２３４５６７８"), Err("digits_only"));
        assert_eq!(parse_account_number("  "), Err("required"));
    }

    #[test]
    fn masked_shows_the_last_four_digits_only() {
        assert_eq!(mask_account("622202123456789"), "•••• 6789");
    }

    #[test]
    fn a_paid_payment_never_moves_and_a_failed_one_may_be_batched_again() {
        for to in PaymentStatus::ALL {
            assert!(!can_move(Paid, to), "{to:?}");
            assert!(!can_move(Cancelled, to), "{to:?}");
        }
        assert!(can_move(Failed, InBatch));
        assert!(!can_move(PendingApproval, InBatch));
        assert!(!can_move(Approved, InBatch));
        assert!(Failed.is_batchable() && Cleared.is_batchable() && !Approved.is_batchable());
    }

    #[test]
    fn references_are_padded() {
        assert_eq!(reference('P', 2026, 123, 6), "P-2026-000123");
        assert_eq!(reference('B', 2026, 7, 4), "B-2026-0007");
    }
}
