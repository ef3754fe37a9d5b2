//! The typed form to a [`Rule`]: amounts in yuan to fen, percentages to basis points, and
//! every defect, the parser's and [`Rule::check`]'s, named by the form field it is about.

use domain::funds::{Criterion, Figure, Formula, Rule, Tier};
use domain::{FieldError, Money, Ratio};

use super::{FormulaForm, RowForm, RuleForm};

impl RuleForm {
    /// The rule the form describes, or every defect named by the form field it is about
    /// (`c1_threshold`, `f_ratio`, `t0_amount` ...).
    pub fn to_rule(&self) -> Result<Rule, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut criteria = Vec::new();
        let mut row_of = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if r.kind.is_empty() {
                continue;
            }
            if let Some(c) = criterion(i, r, &mut errs) {
                criteria.push(c);
                row_of.push(i);
            }
        }
        let mut tier_of = Vec::new();
        let formula = formula(&self.formula, &mut errs, &mut tier_of);
        let Some(formula) = formula.filter(|_| errs.is_empty()) else {
            return Err(errs);
        };
        let rule = Rule { criteria, formula };
        let found = rule.check();
        if found.is_empty() {
            return Ok(rule);
        }
        Err(found
            .into_iter()
            .map(|e| FieldError {
                field: form_field(&e.field, &row_of, &tier_of),
                ..e
            })
            .collect())
    }
}

fn parse_figure(at: String, s: &str, errs: &mut Vec<FieldError>) -> Option<Figure> {
    let f = Figure::parse(s);
    if f.is_none() {
        errs.push(FieldError::new(at, "required", "choose a figure"));
    }
    f
}

/// A threshold or tier start: yuan for an amount (to fen), a whole number for a count.
fn parse_value(at: String, figure: Figure, s: &str, errs: &mut Vec<FieldError>) -> Option<i64> {
    if figure.is_money() {
        return Money::parse(s)
            .map(Money::fen)
            .map_err(|e| errs.push(FieldError::new(at, e.code(), e.to_string())))
            .ok();
    }
    s.replace(',', "")
        .parse::<i64>()
        .map_err(|_| errs.push(FieldError::new(at, "invalid_number", "a whole number")))
        .ok()
}

fn parse_money(at: String, s: &str, errs: &mut Vec<FieldError>) -> Option<Money> {
    Money::parse(s)
        .map_err(|e| errs.push(FieldError::new(at, e.code(), e.to_string())))
        .ok()
}

fn criterion(i: usize, r: &RowForm, errs: &mut Vec<FieldError>) -> Option<Criterion> {
    let chosen = r.chosen.clone();
    Some(match r.kind.as_str() {
        "enterprise_kind" => Criterion::EnterpriseKind { any_of: chosen },
        "district" => Criterion::District { any_of: chosen },
        "investor_country" => Criterion::InvestorCountry { any_of: chosen },
        "industry" => Criterion::Industry {
            any_of: r
                .industry
                .split([',', '，', '、', ';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        "at_least" | "at_most" => {
            let figure = parse_figure(format!("c{i}_figure"), &r.figure, errs)?;
            let v = parse_value(format!("c{i}_threshold"), figure, &r.threshold, errs)?;
            if r.kind == "at_least" {
                Criterion::AtLeast { figure, min: v }
            } else {
                Criterion::AtMost { figure, max: v }
            }
        }
        _ => {
            errs.push(FieldError::new(
                format!("c{i}_kind"),
                "invalid_choice",
                "choose a kind of criterion",
            ));
            return None;
        }
    })
}

fn optional_cap(f: &FormulaForm, errs: &mut Vec<FieldError>) -> Option<Option<Money>> {
    if f.cap.is_empty() {
        return Some(None);
    }
    parse_money("f_cap".into(), &f.cap, errs).map(Some)
}

fn formula(
    f: &FormulaForm,
    errs: &mut Vec<FieldError>,
    tier_of: &mut Vec<usize>,
) -> Option<Formula> {
    match f.kind.as_str() {
        "percentage" => {
            let of = parse_figure("f_of".into(), &f.of, errs);
            let ratio = Ratio::parse(&f.ratio)
                .map_err(|e| errs.push(FieldError::new("f_ratio", e.code(), e.to_string())))
                .ok();
            let cap = optional_cap(f, errs);
            Some(Formula::Percentage {
                of: of?,
                ratio: ratio?,
                cap: cap?,
            })
        }
        "full_coverage" => {
            let of = parse_figure("f_of".into(), &f.of, errs);
            let cap = optional_cap(f, errs);
            Some(Formula::FullCoverage { of: of?, cap: cap? })
        }
        "fixed" => Some(Formula::Fixed {
            amount: parse_money("f_amount".into(), &f.amount, errs)?,
        }),
        "tiers" => {
            let of = parse_figure("f_of".into(), &f.of, errs)?;
            let mut tiers = Vec::new();
            for (j, t) in f.tiers.iter().enumerate() {
                if t.from.is_empty() && t.amount.is_empty() {
                    continue;
                }
                let from = parse_value(format!("t{j}_from"), of, &t.from, errs);
                let amount = parse_money(format!("t{j}_amount"), &t.amount, errs);
                if let (Some(from), Some(amount)) = (from, amount) {
                    tiers.push(Tier { from, amount });
                    tier_of.push(j);
                }
            }
            Some(Formula::Tiers { of, tiers })
        }
        _ => {
            errs.push(FieldError::new(
                "f_kind",
                "invalid_choice",
                "choose how the amount is computed",
            ));
            None
        }
    }
}

/// The form field a `Rule::check` error is about: `rule.criteria[2].any_of[0]` → `c{row}_chosen`
/// (the row the second used criterion came from), `rule.formula.tiers[1].amount` → `t{j}_amount`.
fn form_field(path: &str, row_of: &[usize], tier_of: &[usize]) -> String {
    let index = |rest: &str| -> Option<(usize, String)> {
        let (n, tail) = rest.split_once(']')?;
        Some((n.parse().ok()?, tail.trim_start_matches('.').to_owned()))
    };
    if let Some(rest) = path.strip_prefix("rule.criteria[")
        && let Some((j, tail)) = index(rest)
    {
        let i = row_of.get(j).copied().unwrap_or(j);
        let field = match tail.split(['.', '[']).next().unwrap_or("") {
            "min" | "max" => "threshold",
            _ => "chosen",
        };
        return format!("c{i}_{field}");
    }
    if let Some(rest) = path.strip_prefix("rule.formula.tiers[")
        && let Some((j, tail)) = index(rest)
    {
        let j = tier_of.get(j).copied().unwrap_or(j);
        return format!("t{j}_{tail}");
    }
    match path.strip_prefix("rule.formula.") {
        Some(tail) => format!("f_{tail}"),
        None => path.to_owned(),
    }
}
