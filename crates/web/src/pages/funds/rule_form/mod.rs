//! The rule-version form as a busy official fills it in (measure 2): criteria rows with their
//! kind chosen from a list, lists as named choices (enterprise kinds, districts, countries),
//! thresholds in yuan for money figures and in people for head counts; the formula as a kind
//! with a ratio in percent and amounts in yuan. This module only turns the typed fields into a
//! [`Rule`] and back; the rule's own checks stay in `domain` ([`Rule::check`]), and their
//! errors are moved onto the field that was typed (`rule.formula.ratio` → `f_ratio`).

use std::collections::BTreeMap;

use domain::funds::{Criterion, Figure, Formula, Rule};
use domain::{FieldError, Money};
use serde::Serialize;

/// At most this many criterion rows and tiers are read from a posted form.
const MAX_ROWS: usize = 30;

/// One criterion row as typed. `kind` empty means the row is unused.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RowForm {
    pub kind: String,
    /// The chosen codes of a list criterion (enterprise kinds, districts or countries).
    pub chosen: Vec<String>,
    /// Industries, separated by commas.
    pub industry: String,
    pub figure: String,
    /// In yuan for an amount, in people for the head count.
    pub threshold: String,
}

/// A tier as typed: from a figure (yuan or people) the amount (yuan).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TierForm {
    pub from: String,
    pub amount: String,
}

/// The formula as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormulaForm {
    pub kind: String,
    pub of: String,
    /// Percent (`70`, `62.5`).
    pub ratio: String,
    /// Yuan, empty for no cap.
    pub cap: String,
    /// Yuan (a fixed sum).
    pub amount: String,
    pub tiers: Vec<TierForm>,
}

/// The whole draft form as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleForm {
    pub effective_from: String,
    pub effective_to: String,
    pub note: String,
    pub rows: Vec<RowForm>,
    pub formula: FormulaForm,
}

/// A figure's threshold as people write it: yuan for amounts, a count for heads.
fn shown(figure: Figure, v: i64) -> String {
    if figure.is_money() {
        Money::from_fen(v).to_string().replacen('¥', "", 1)
    } else {
        v.to_string()
    }
}

fn yuan(m: Money) -> String {
    m.to_string().replacen('¥', "", 1)
}

impl RuleForm {
    /// The form filled from a rule (the newest version, to start the next one from).
    pub fn from_rule(rule: &Rule) -> RuleForm {
        let rows = rule
            .criteria
            .iter()
            .map(|c| {
                let mut r = RowForm {
                    kind: c.kind().to_owned(),
                    ..RowForm::default()
                };
                match c {
                    Criterion::EnterpriseKind { any_of }
                    | Criterion::District { any_of }
                    | Criterion::InvestorCountry { any_of } => r.chosen = any_of.clone(),
                    Criterion::Industry { any_of } => r.industry = any_of.join(", "),
                    Criterion::AtLeast { figure, min: v }
                    | Criterion::AtMost { figure, max: v } => {
                        r.figure = figure.as_str().to_owned();
                        r.threshold = shown(*figure, *v);
                    }
                }
                r
            })
            .collect();
        let mut f = FormulaForm::default();
        match &rule.formula {
            Formula::Percentage { of, ratio, cap } => {
                f.kind = "percentage".into();
                f.of = of.as_str().into();
                f.ratio = ratio.to_string().trim_end_matches('%').to_owned();
                f.cap = cap.map(yuan).unwrap_or_default();
            }
            Formula::Tiers { of, tiers } => {
                f.kind = "tiers".into();
                f.of = of.as_str().into();
                f.tiers = tiers
                    .iter()
                    .map(|t| TierForm {
                        from: shown(*of, t.from),
                        amount: yuan(t.amount),
                    })
                    .collect();
            }
            Formula::Fixed { amount } => {
                f.kind = "fixed".into();
                f.amount = yuan(*amount);
            }
            Formula::FullCoverage { of, cap } => {
                f.kind = "full_coverage".into();
                f.of = of.as_str().into();
                f.cap = cap.map(yuan).unwrap_or_default();
            }
        }
        RuleForm {
            rows,
            formula: f,
            ..RuleForm::default()
        }
    }

    /// The form from posted pairs (`c3_kind`, `c3_chosen` repeated, `f_ratio`, `t0_from` ...).
    pub fn from_pairs(pairs: &[(String, String)]) -> RuleForm {
        let mut form = RuleForm::default();
        for (k, v) in pairs {
            let v = v.trim().to_owned();
            match k.as_str() {
                "effective_from" => form.effective_from = v,
                "effective_to" => form.effective_to = v,
                "note" => form.note = v,
                "f_kind" => form.formula.kind = v,
                "f_of" => form.formula.of = v,
                "f_ratio" => form.formula.ratio = v,
                "f_cap" => form.formula.cap = v,
                "f_amount" => form.formula.amount = v,
                _ => form.indexed(k, v),
            }
        }
        form
    }

    /// A field of the `n`th row or tier (`c2_figure`, `t0_amount`).
    fn indexed(&mut self, key: &str, v: String) {
        let Some((head, field)) = key.split_once('_') else {
            return;
        };
        let (Some(prefix), Ok(n)) = (head.get(..1), head.get(1..).unwrap_or("").parse::<usize>())
        else {
            return;
        };
        if n >= MAX_ROWS {
            return;
        }
        if prefix == "c" {
            if self.rows.len() <= n {
                self.rows.resize_with(n + 1, RowForm::default);
            }
            let r = &mut self.rows[n];
            match field {
                "kind" => r.kind = v,
                "chosen" if !v.is_empty() => r.chosen.push(v),
                "industry" => r.industry = v,
                "figure" => r.figure = v,
                "threshold" => r.threshold = v,
                _ => {}
            }
        } else if prefix == "t" {
            let tiers = &mut self.formula.tiers;
            if tiers.len() <= n {
                tiers.resize_with(n + 1, TierForm::default);
            }
            match field {
                "from" => tiers[n].from = v,
                "amount" => tiers[n].amount = v,
                _ => {}
            }
        }
    }

    /// The form with one empty criterion row and one empty tier to fill in.
    pub fn with_blank_rows(mut self) -> RuleForm {
        self.rows.retain(|r| !r.kind.is_empty());
        self.rows.push(RowForm::default());
        let t = &mut self.formula.tiers;
        t.retain(|t| !(t.from.is_empty() && t.amount.is_empty()));
        t.push(TierForm::default());
        self
    }
}

/// Field errors by form field, in the reader's language, for the template.
pub fn messages(l: crate::i18n::Locale, errs: &[FieldError]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for e in errs {
        let m = crate::i18n::field_message(l, e);
        out.entry(e.field.clone())
            .and_modify(|s| {
                s.push(' ');
                s.push_str(&m);
            })
            .or_insert(m);
    }
    out
}

/// The codes of the countries and regions the catalogue names (`country-JP` ...), in its order.
pub fn countries() -> Vec<&'static str> {
    crate::i18n::keys(crate::i18n::Locale::ZH_CN)
        .into_iter()
        .flat_map(|(_, keys)| keys)
        .filter_map(|k| k.strip_prefix("country-"))
        .collect()
}

/// What the form's lists offer: criterion and formula kinds, enterprise kinds, figures (and
/// which count money), districts by name in the reader's language, countries by code.
pub async fn choices(s: &crate::AppState, l: crate::i18n::Locale) -> minijinja::Value {
    let chinese = matches!(l.tag(), "zh-CN" | "zh-Hant");
    let districts: Vec<(String, String)> = app::org::districts(&s.app)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.code, if chinese { d.name_zh } else { d.name_en }))
        .collect();
    let figures: Vec<(&str, bool)> = Figure::ALL
        .iter()
        .map(|f| (f.as_str(), f.is_money()))
        .collect();
    minijinja::context! {
        criteria => ["enterprise_kind", "district", "industry", "investor_country", "at_least", "at_most"],
        formulas => ["percentage", "tiers", "fixed", "full_coverage"],
        kinds => domain::enterprise::KINDS,
        figures => figures,
        districts => districts,
        countries => countries(),
    }
}

mod to_rule;

#[cfg(test)]
mod tests;
