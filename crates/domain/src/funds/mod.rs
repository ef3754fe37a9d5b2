//! Measure 2: policy funds. The programmes' vocabulary (payment modes, programme codes) here;
//! the eligibility and amount rules as data in [`rules`], and their evaluation, which explains
//! itself criterion by criterion, in [`evaluate`]. Pure: no IO.

pub mod adjust;
pub mod evaluate;
pub mod payments;
pub mod publicity;
pub mod rules;
pub mod workflow;

use serde::{Deserialize, Serialize};

pub use evaluate::{CriterionResult, Decision, Facts, Observed, evaluate};
pub use payments::{PaymentSource, PaymentStatus};
pub use rules::{Criterion, Figure, Formula, MAX_FIGURE, Rule, Tier};

/// How a programme pays (measure 2): bonuses in advance, awards once final settlement is done,
/// the two funds examined and verified in advance, training charges covered in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    InAdvance,
    OnSettlement,
    ExaminedInAdvance,
    FullyCovered,
}

impl PaymentMode {
    pub const ALL: [PaymentMode; 4] = [
        PaymentMode::InAdvance,
        PaymentMode::OnSettlement,
        PaymentMode::ExaminedInAdvance,
        PaymentMode::FullyCovered,
    ];

    /// The stable code (also the i18n key's tail: `payment-mode-in_advance`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMode::InAdvance => "in_advance",
            PaymentMode::OnSettlement => "on_settlement",
            PaymentMode::ExaminedInAdvance => "examined_in_advance",
            PaymentMode::FullyCovered => "fully_covered",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMode> {
        PaymentMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A programme's code: 2 to 40 lower-case ASCII letters, digits, hyphens and underscores, starting
/// with a letter (`sme_market_fund`). Stable, for links and imports.
pub fn parse_programme_code(s: &str) -> Result<String, &'static str> {
    let c = s.trim();
    let ok = (2..=40).contains(&c.len())
        && c.starts_with(|ch: char| ch.is_ascii_lowercase())
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(c.to_owned())
    } else {
        Err("invalid_code")
    }
}

#[cfg(test)]
mod tests;
