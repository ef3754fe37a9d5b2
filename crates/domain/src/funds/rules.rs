//! A programme's rule as data (measure 2): typed criteria over the enterprise's registry
//! attributes and the figures of its application, and one amount formula. Nothing here runs
//! code given as data: each criterion and formula is one of a closed set of kinds, checked by
//! [`Rule::check`] before it is stored, with every defect named by its field.

use serde::{Deserialize, Serialize};

use crate::enterprise::{KINDS, parse_country};
use crate::{DistrictCode, FieldError, Money, Ratio};

/// A number the rule can look at: the registry's head count, or an amount in fen from the
/// application (or from what the bureau already holds: premiums paid, training invoices).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Head count, from the registry.
    Employees,
    /// The year's operating revenue (fen).
    Revenue,
    /// Paid-in foreign capital (fen).
    PaidInForeignCapital,
    /// Fixed-asset investment in the year (fen).
    Investment,
    /// Export value in the year (fen).
    ExportValue,
    /// Export-credit-insurance premiums paid (fen).
    PremiumsPaid,
    /// International-market activity costs: fairs, certification, advertising (fen).
    MarketCosts,
    /// Invoiced charges for online training of staff sent abroad (fen).
    TrainingCharges,
}

impl Figure {
    pub const ALL: [Figure; 8] = [
        Figure::Employees,
        Figure::Revenue,
        Figure::PaidInForeignCapital,
        Figure::Investment,
        Figure::ExportValue,
        Figure::PremiumsPaid,
        Figure::MarketCosts,
        Figure::TrainingCharges,
    ];

    /// Whether the figure is an amount of money (fen) rather than a count.
    pub fn is_money(self) -> bool {
        self != Figure::Employees
    }

    /// The stable code (also the i18n key's tail: `figure-revenue`).
    pub fn as_str(self) -> &'static str {
        match self {
            Figure::Employees => "employees",
            Figure::Revenue => "revenue",
            Figure::PaidInForeignCapital => "paid_in_foreign_capital",
            Figure::Investment => "investment",
            Figure::ExportValue => "export_value",
            Figure::PremiumsPaid => "premiums_paid",
            Figure::MarketCosts => "market_costs",
            Figure::TrainingCharges => "training_charges",
        }
    }

    pub fn parse(s: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One condition of eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Criterion {
    /// The enterprise has one of these registry kinds (`foreign_invested`, `foreign_trade`, ...).
    EnterpriseKind { any_of: Vec<String> },
    /// The enterprise is registered in one of these districts (GB/T 2260 codes).
    District { any_of: Vec<String> },
    /// The enterprise's industry is one of these (as the registry writes it).
    Industry { any_of: Vec<String> },
    /// The investor's country is one of these (ISO 3166-1 alpha-2).
    InvestorCountry { any_of: Vec<String> },
    /// The figure is at least `min` (fen for amounts).
    AtLeast { figure: Figure, min: i64 },
    /// The figure is at most `max` (fen for amounts).
    AtMost { figure: Figure, max: i64 },
}

/// A step of a tiered formula: from `from` (inclusive; fen for amounts) the amount is `amount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub from: i64,
    /// Fen.
    #[schemars(with = "i64")]
    pub amount: Money,
}

/// How much an eligible enterprise gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// `ratio` (basis points: 6000 is 60 %) of an amount figure, rounded half away from zero
    /// to the fen, then capped at `cap` (fen) when one is set.
    Percentage {
        of: Figure,
        #[schemars(with = "u32")]
        ratio: Ratio,
        #[serde(default)]
        #[schemars(with = "Option<i64>")]
        cap: Option<Money>,
    },
    /// The amount of the highest tier whose `from` the figure reaches; nothing below the first.
    Tiers { of: Figure, tiers: Vec<Tier> },
    /// The same sum for every eligible enterprise.
    Fixed {
        #[schemars(with = "i64")]
        amount: Money,
    },
    /// The invoiced costs in full (up to `cap` when one is set).
    FullCoverage {
        of: Figure,
        #[serde(default)]
        #[schemars(with = "Option<i64>")]
        cap: Option<Money>,
    },
}

/// A programme's rule: every criterion must be met, then the formula gives the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub criteria: Vec<Criterion>,
    pub formula: Formula,
}

fn money_figure(errs: &mut Vec<FieldError>, field: String, f: Figure) {
    if !f.is_money() {
        errs.push(FieldError::new(
            field,
            "invalid_choice",
            format!("\"{}\" is a count, not an amount of money", f.as_str()),
        ));
    }
}

/// The largest figure, threshold or amount a rule handles: ¥10 trillion in fen (10^15), so
/// that sums over a registry stay far inside an i64.
pub const MAX_FIGURE: i64 = 1_000_000_000_000_000;

fn not_negative(errs: &mut Vec<FieldError>, field: String, v: i64) {
    if v < 0 {
        errs.push(FieldError::new(field, "negative", "must be zero or more"));
    } else if v > MAX_FIGURE {
        errs.push(FieldError::new(
            field,
            "out_of_range",
            "at most 10^15 (¥10 trillion in fen)",
        ));
    }
}

impl Criterion {
    /// The stable code of the criterion's kind (also the i18n key's tail: `criterion-district`).
    pub fn kind(&self) -> &'static str {
        match self {
            Criterion::EnterpriseKind { .. } => "enterprise_kind",
            Criterion::District { .. } => "district",
            Criterion::Industry { .. } => "industry",
            Criterion::InvestorCountry { .. } => "investor_country",
            Criterion::AtLeast { .. } => "at_least",
            Criterion::AtMost { .. } => "at_most",
        }
    }

    fn check(&self, at: &str, errs: &mut Vec<FieldError>) {
        let list = |errs: &mut Vec<FieldError>, xs: &[String], ok: &dyn Fn(&str) -> bool| {
            if xs.is_empty() {
                errs.push(FieldError::new(
                    format!("{at}.any_of"),
                    "required",
                    "name at least one value",
                ));
            }
            for (i, x) in xs.iter().enumerate() {
                if !ok(x) {
                    errs.push(FieldError::new(
                        format!("{at}.any_of[{i}]"),
                        "invalid_choice",
                        format!("\"{x}\" is not a valid value here"),
                    ));
                }
            }
        };
        match self {
            Criterion::EnterpriseKind { any_of } => list(errs, any_of, &|k| KINDS.contains(&k)),
            Criterion::District { any_of } => {
                list(errs, any_of, &|d| DistrictCode::parse(d).is_ok());
            }
            Criterion::Industry { any_of } => list(errs, any_of, &|s| !s.trim().is_empty()),
            Criterion::InvestorCountry { any_of } => {
                list(errs, any_of, &|c| parse_country(c).is_ok_and(|u| u == c));
            }
            Criterion::AtLeast { min: v, .. } => not_negative(errs, format!("{at}.min"), *v),
            Criterion::AtMost { max: v, .. } => not_negative(errs, format!("{at}.max"), *v),
        }
    }
}

impl Rule {
    /// Every defect of the rule, each naming its field under `rule.`; empty when it is sound.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        for (i, c) in self.criteria.iter().enumerate() {
            c.check(&format!("rule.criteria[{i}]"), &mut errs);
        }
        let at = "rule.formula";
        match &self.formula {
            Formula::Percentage { of, ratio, cap } => {
                money_figure(&mut errs, format!("{at}.of"), *of);
                if ratio.basis_points() == 0 || ratio.basis_points() > Ratio::WHOLE {
                    errs.push(FieldError::new(
                        format!("{at}.ratio"),
                        "out_of_range",
                        "a share from 0.01 % to 100 % (1 to 10000 basis points)",
                    ));
                }
                if let Some(c) = cap {
                    not_negative(&mut errs, format!("{at}.cap"), c.fen());
                }
            }
            Formula::Tiers { of, tiers } => {
                if tiers.is_empty() {
                    errs.push(FieldError::new(
                        format!("{at}.tiers"),
                        "required",
                        "give at least one tier",
                    ));
                }
                for (i, t) in tiers.iter().enumerate() {
                    not_negative(&mut errs, format!("{at}.tiers[{i}].from"), t.from);
                    not_negative(&mut errs, format!("{at}.tiers[{i}].amount"), t.amount.fen());
                    if i > 0 && tiers[i - 1].from >= t.from {
                        errs.push(FieldError::new(
                            format!("{at}.tiers[{i}].from"),
                            "out_of_range",
                            "each tier starts above the one before it",
                        ));
                    }
                }
                let _ = of;
            }
            Formula::Fixed { amount } => {
                not_negative(&mut errs, format!("{at}.amount"), amount.fen());
            }
            Formula::FullCoverage { of, cap } => {
                money_figure(&mut errs, format!("{at}.of"), *of);
                if let Some(c) = cap {
                    not_negative(&mut errs, format!("{at}.cap"), c.fen());
                }
            }
        }
        errs
    }

    /// The figures the rule reads (for the application form): the formula's and the criteria's.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out: Vec<Figure> = self
            .criteria
            .iter()
            .filter_map(|c| match c {
                Criterion::AtLeast { figure, .. } | Criterion::AtMost { figure, .. } => {
                    Some(*figure)
                }
                _ => None,
            })
            .collect();
        match &self.formula {
            Formula::Percentage { of, .. }
            | Formula::Tiers { of, .. }
            | Formula::FullCoverage { of, .. } => out.push(*of),
            Formula::Fixed { .. } => {}
        }
        out.sort();
        out.dedup();
        out
    }
}
