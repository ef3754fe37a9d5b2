//! What is still owed once something was paid (measure 2): a top-up when a newer rule version
//! pays more for a past period, and the outcome of final settlement for programmes paid in
//! advance (a top-up or a recovery) or on settlement (the award). Pure arithmetic in fen.

use serde::{Deserialize, Serialize};

use crate::Money;

/// The top-up a new rule version owes: what it pays (`new`) minus what was already paid or
/// committed (`already`), when that is more than nothing. A lower new amount is never
/// recovered by a top-up run (a clause that improves only adds).
pub fn top_up_owed(new: Money, already: Money) -> Option<Money> {
    new.checked_sub(already).ok().filter(|d| *d > Money::ZERO)
}

/// What final settlement leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettlementOutcome {
    /// Paid in advance, settled higher: the difference is paid.
    TopUp,
    /// Paid in advance, settled lower: the difference comes back.
    Recovery,
    /// Nothing paid before (an award paid on settlement): the settled amount is paid.
    Award,
    /// Settled exactly at what was paid.
    Even,
}

impl SettlementOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SettlementOutcome::TopUp => "top_up",
            SettlementOutcome::Recovery => "recovery",
            SettlementOutcome::Award => "award",
            SettlementOutcome::Even => "even",
        }
    }

    pub fn parse(s: &str) -> Option<SettlementOutcome> {
        [
            SettlementOutcome::TopUp,
            SettlementOutcome::Recovery,
            SettlementOutcome::Award,
            SettlementOutcome::Even,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// Settles `settled` against what was paid before (`paid`): the outcome and the amount to pay
/// or recover (zero when even). None only if the difference does not fit in an amount.
pub fn settle(settled: Money, paid: Money) -> Option<(SettlementOutcome, Money)> {
    let diff = settled.checked_sub(paid).ok()?;
    Some(if paid == Money::ZERO && settled > Money::ZERO {
        (SettlementOutcome::Award, settled)
    } else if diff > Money::ZERO {
        (SettlementOutcome::TopUp, diff)
    } else if diff < Money::ZERO {
        (
            SettlementOutcome::Recovery,
            Money::from_fen(diff.fen().checked_neg()?),
        )
    } else {
        (SettlementOutcome::Even, Money::ZERO)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(fen: i64) -> Money {
        Money::from_fen(fen)
    }

    #[test]
    fn a_top_up_is_the_positive_difference_only() {
        // Export-credit premiums of ¥12,345.67: 60 % paid (¥7,407.40), 80 % owed (¥9,876.54).
        assert_eq!(top_up_owed(y(987_654), y(740_740)), Some(y(246_914)));
        assert_eq!(top_up_owed(y(500), y(500)), None);
        assert_eq!(top_up_owed(y(400), y(500)), None);
    }

    #[test]
    fn settlement_pays_the_rest_recovers_the_excess_or_pays_the_award() {
        assert_eq!(
            settle(y(120_000), y(100_000)),
            Some((SettlementOutcome::TopUp, y(20_000)))
        );
        assert_eq!(
            settle(y(80_000), y(100_000)),
            Some((SettlementOutcome::Recovery, y(20_000)))
        );
        assert_eq!(
            settle(y(50_000), Money::ZERO),
            Some((SettlementOutcome::Award, y(50_000)))
        );
        assert_eq!(
            settle(y(100_000), y(100_000)),
            Some((SettlementOutcome::Even, Money::ZERO))
        );
        assert_eq!(
            settle(Money::ZERO, Money::ZERO),
            Some((SettlementOutcome::Even, Money::ZERO))
        );
        assert_eq!(
            settle(Money::ZERO, y(100)),
            Some((SettlementOutcome::Recovery, y(100)))
        );
    }
}
