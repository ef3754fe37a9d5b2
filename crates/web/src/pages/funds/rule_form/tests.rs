//! The form's round trip and its field names.

use super::*;
use domain::funds::{Criterion, Figure};

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn a_typed_form_becomes_the_rule_in_fen_and_basis_points() {
    let f = RuleForm::from_pairs(&pairs(&[
        ("c0_kind", "enterprise_kind"),
        ("c0_chosen", "foreign_trade"),
        ("c1_kind", ""),
        ("c2_kind", "at_least"),
        ("c2_figure", "market_costs"),
        ("c2_threshold", "10,000"),
        ("f_kind", "percentage"),
        ("f_of", "market_costs"),
        ("f_ratio", "62.5"),
        ("f_cap", "400000"),
    ]));
    let rule = f.to_rule().unwrap();
    assert_eq!(rule.criteria.len(), 2);
    assert_eq!(
        rule.criteria[1],
        Criterion::AtLeast {
            figure: Figure::MarketCosts,
            min: 1_000_000
        }
    );
    let back = RuleForm::from_rule(&rule);
    assert_eq!(back.formula.ratio, "62.5");
    assert_eq!(back.formula.cap, "400,000.00");
    assert_eq!(back.rows[1].threshold, "10,000.00");
    assert_eq!(back.to_rule().unwrap(), rule);
}

#[test]
fn defects_are_named_by_the_form_field_they_come_from() {
    let f = RuleForm::from_pairs(&pairs(&[
        ("c0_kind", ""),
        ("c1_kind", "district"),
        ("c2_kind", "at_most"),
        ("c2_figure", "employees"),
        ("c2_threshold", "-5"),
        ("f_kind", "percentage"),
        ("f_of", "employees"),
        ("f_ratio", "120"),
    ]));
    let fields: Vec<String> = f
        .to_rule()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["c1_chosen", "c2_threshold", "f_of", "f_ratio"]);
    let bad = RuleForm::from_pairs(&pairs(&[("f_kind", "fixed"), ("f_amount", "1.234")]));
    let e = bad.to_rule().unwrap_err();
    assert_eq!(
        (e[0].field.as_str(), e[0].code.as_str()),
        ("f_amount", "money_too_precise")
    );
}
