//! Evaluating a rule for one enterprise (measure 2): a [`Decision`] that explains itself. Per
//! criterion it keeps the value used, the threshold and whether it was met; for the amount, the
//! figure read, the sum before any cap and the tier reached; for a refusal, what would make the
//! enterprise eligible: each unmet criterion with its nearest threshold and how far off it is.
//!
//! Rounding, stated once: a percentage of an amount is rounded half away from zero to the fen
//! ([`Money::times`]) and only then capped; tiers compare the figure as it is, a tier's `from`
//! included.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rules::{Criterion, Figure, Formula, Rule, Tier};
use crate::Money;

/// What the bureau knows of an enterprise for a programme: its registry attributes and the
/// figures of its application (or the bureau's own records). A figure not given is missing,
/// which meets no criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub kinds: Vec<String>,
    pub district: String,
    pub industry: Option<String>,
    pub investor_country: Option<String>,
    pub figures: BTreeMap<Figure, i64>,
}

/// A value as the decision shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Observed {
    /// The enterprise's record or application does not give it.
    Missing,
    /// Codes: kinds, districts, countries, or industries as written.
    Codes(Vec<String>),
    /// A head count.
    Count(i64),
    /// An amount.
    Amount(#[schemars(with = "i64")] Money),
}

impl Observed {
    fn of(figure: Figure, v: Option<i64>) -> Observed {
        match v {
            None => Observed::Missing,
            Some(n) if figure.is_money() => Observed::Amount(Money::from_fen(n)),
            Some(n) => Observed::Count(n),
        }
    }
}

/// One criterion's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriterionResult {
    pub criterion: Criterion,
    /// The value the decision used.
    pub value: Observed,
    /// What the value had to reach, or be one of.
    pub threshold: Observed,
    pub met: bool,
    /// For an unmet criterion on a figure: how far the value is from the threshold (the
    /// whole threshold when the figure is missing).
    pub short_by: Option<i64>,
}

/// How the amount came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Calculation {
    /// The figure the formula read (missing for a fixed sum).
    pub base: Observed,
    /// The amount before the cap.
    #[schemars(with = "i64")]
    pub before_cap: Money,
    pub capped: bool,
    /// The tier reached (0-based), for a tiered formula.
    pub tier: Option<usize>,
    /// The next tier up, if any: what a larger figure would bring.
    pub next_tier: Option<Tier>,
}

/// A rule version's decision for one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    /// The rule version that decided.
    pub version: i64,
    /// Every criterion met and an amount above zero.
    pub eligible: bool,
    #[schemars(with = "i64")]
    pub amount: Money,
    pub criteria: Vec<CriterionResult>,
    pub calculation: Calculation,
    /// For a refusal: the unmet criteria (indexes into `criteria`), nearest threshold first.
    pub would_qualify: Vec<usize>,
}

fn codes_met(any_of: &[String], have: &[String]) -> CriterionResult {
    let met = have.iter().any(|h| any_of.iter().any(|a| a == h));
    CriterionResult {
        criterion: Criterion::District { any_of: vec![] },
        value: if have.is_empty() {
            Observed::Missing
        } else {
            Observed::Codes(have.to_vec())
        },
        threshold: Observed::Codes(any_of.to_vec()),
        met,
        short_by: None,
    }
}

fn check(c: &Criterion, f: &Facts) -> CriterionResult {
    let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    let mut r = match c {
        Criterion::EnterpriseKind { any_of } => codes_met(any_of, &f.kinds),
        Criterion::District { any_of } => codes_met(any_of, std::slice::from_ref(&f.district)),
        Criterion::Industry { any_of } => codes_met(any_of, &one(&f.industry)),
        Criterion::InvestorCountry { any_of } => codes_met(any_of, &one(&f.investor_country)),
        Criterion::AtLeast { figure, min } => {
            let v = f.figures.get(figure).copied();
            let met = v.is_some_and(|v| v >= *min);
            CriterionResult {
                criterion: c.clone(),
                value: Observed::of(*figure, v),
                threshold: Observed::of(*figure, Some(*min)),
                met,
                short_by: (!met).then(|| min.saturating_sub(v.unwrap_or(0))),
            }
        }
        Criterion::AtMost { figure, max } => {
            let v = f.figures.get(figure).copied();
            let met = v.is_some_and(|v| v <= *max);
            CriterionResult {
                criterion: c.clone(),
                value: Observed::of(*figure, v),
                threshold: Observed::of(*figure, Some(*max)),
                met,
                short_by: (!met).then(|| v.map_or(0, |v| v.saturating_sub(*max))),
            }
        }
    };
    r.criterion = c.clone();
    r
}

fn capped(amount: Money, cap: Option<Money>) -> (Money, bool) {
    match cap {
        Some(c) if amount > c => (c, true),
        _ => (amount, false),
    }
}

fn calculate(formula: &Formula, f: &Facts) -> Calculation {
    let figure = |of: &Figure| f.figures.get(of).copied();
    let plain = |base: Observed, amount: Money, cap: Option<Money>| {
        let (_, was_capped) = capped(amount, cap);
        Calculation {
            base,
            before_cap: amount,
            capped: was_capped,
            tier: None,
            next_tier: None,
        }
    };
    match formula {
        Formula::Percentage { of, ratio, cap } => {
            let v = figure(of);
            // An overflow cannot come from a ratio of at most 100 % of an i64 amount.
            let amount = Money::from_fen(v.unwrap_or(0).max(0))
                .times(*ratio)
                .unwrap_or(Money::ZERO);
            plain(Observed::of(*of, v), amount, *cap)
        }
        Formula::FullCoverage { of, cap } => {
            let v = figure(of);
            let amount = Money::from_fen(v.unwrap_or(0).max(0));
            plain(Observed::of(*of, v), amount, *cap)
        }
        Formula::Fixed { amount } => plain(Observed::Missing, *amount, None),
        Formula::Tiers { of, tiers } => {
            let v = figure(of);
            let reached = v.and_then(|v| tiers.iter().rposition(|t| v >= t.from));
            let next = match reached {
                Some(i) => tiers.get(i + 1),
                None => tiers.first(),
            };
            Calculation {
                base: Observed::of(*of, v),
                before_cap: reached.map_or(Money::ZERO, |i| tiers[i].amount),
                capped: false,
                tier: reached,
                next_tier: next.cloned(),
            }
        }
    }
}

fn cap_of(formula: &Formula) -> Option<Money> {
    match formula {
        Formula::Percentage { cap, .. } | Formula::FullCoverage { cap, .. } => *cap,
        _ => None,
    }
}

/// The decision of rule `rule` (version `version`) for an enterprise with these facts.
pub fn evaluate(rule: &Rule, version: i64, facts: &Facts) -> Decision {
    let criteria: Vec<CriterionResult> = rule.criteria.iter().map(|c| check(c, facts)).collect();
    let calculation = calculate(&rule.formula, facts);
    let all_met = criteria.iter().all(|c| c.met);
    let (amount, _) = capped(calculation.before_cap, cap_of(&rule.formula));
    let eligible = all_met && amount > Money::ZERO;
    let mut would_qualify: Vec<usize> = criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.met)
        .map(|(i, _)| i)
        .collect();
    // Nearest first: a figure a little short before a code that cannot change.
    would_qualify.sort_by_key(|i| criteria[*i].short_by.unwrap_or(i64::MAX));
    Decision {
        version,
        eligible,
        amount: if eligible { amount } else { Money::ZERO },
        criteria,
        calculation,
        would_qualify,
    }
}
