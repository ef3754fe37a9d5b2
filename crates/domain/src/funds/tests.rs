// Amounts are written yuan_fen for reading: 10_000_00 is ¥10,000.00.
#![allow(clippy::inconsistent_digit_grouping)]

use std::collections::BTreeMap;

use super::*;
use crate::{Money, Ratio};

fn facts(figures: &[(Figure, i64)]) -> Facts {
    Facts {
        kinds: vec!["foreign_trade".into()],
        district: "210202".into(),
        industry: Some("制造业".into()),
        investor_country: Some("JP".into()),
        figures: figures.iter().copied().collect::<BTreeMap<_, _>>(),
    }
}

fn rule(criteria: Vec<Criterion>, formula: Formula) -> Rule {
    Rule { criteria, formula }
}

fn pct(of: Figure, percent: u32, cap: Option<i64>) -> Formula {
    Formula::Percentage {
        of,
        ratio: Ratio::percent(percent),
        cap: cap.map(Money::from_fen),
    }
}

#[test]
fn payment_modes_and_codes() {
    for m in PaymentMode::ALL {
        assert_eq!(PaymentMode::parse(m.as_str()), Some(m));
    }
    assert_eq!(PaymentMode::parse("later"), None);
    assert_eq!(parse_programme_code(" sme_fund "), Ok("sme_fund".into()));
    assert_eq!(parse_programme_code("sme-fund"), Ok("sme-fund".into()));
    for bad in ["", "a", "SME", "1fund", "sme fund", &"x".repeat(41)] {
        assert!(parse_programme_code(bad).is_err(), "{bad}");
    }
}

#[test]
fn each_code_criterion_reads_its_attribute() {
    let f = facts(&[]);
    let cases = [
        (
            Criterion::EnterpriseKind {
                any_of: vec!["foreign_trade".into()],
            },
            true,
        ),
        (
            Criterion::EnterpriseKind {
                any_of: vec!["labour_dispatch".into()],
            },
            false,
        ),
        (
            Criterion::District {
                any_of: vec!["210202".into(), "210203".into()],
            },
            true,
        ),
        (
            Criterion::District {
                any_of: vec!["210211".into()],
            },
            false,
        ),
        (
            Criterion::Industry {
                any_of: vec!["制造业".into()],
            },
            true,
        ),
        (
            Criterion::InvestorCountry {
                any_of: vec!["KR".into()],
            },
            false,
        ),
    ];
    for (c, met) in cases {
        let d = evaluate(
            &rule(
                vec![c.clone()],
                Formula::Fixed {
                    amount: Money::from_fen(100),
                },
            ),
            3,
            &f,
        );
        assert_eq!(d.criteria[0].met, met, "{c:?}");
        assert_eq!(d.eligible, met);
        assert_eq!(d.version, 3);
        assert_eq!(d.criteria[0].criterion, c);
        assert!(matches!(d.criteria[0].threshold, Observed::Codes(_)));
    }
    let no_country = Facts {
        investor_country: None,
        ..facts(&[])
    };
    let d = evaluate(
        &rule(
            vec![Criterion::InvestorCountry {
                any_of: vec!["JP".into()],
            }],
            Formula::Fixed {
                amount: Money::from_fen(1),
            },
        ),
        1,
        &no_country,
    );
    assert_eq!(d.criteria[0].value, Observed::Missing);
    assert!(!d.eligible);
}

#[test]
fn figure_thresholds_include_the_boundary_and_say_how_far_off() {
    let at_least = Criterion::AtLeast {
        figure: Figure::Revenue,
        min: 10_000_00,
    };
    let at_most = Criterion::AtMost {
        figure: Figure::Employees,
        max: 300,
    };
    let r = rule(
        vec![at_least, at_most],
        Formula::Fixed {
            amount: Money::from_fen(5_000_00),
        },
    );
    let exact = evaluate(
        &r,
        1,
        &facts(&[(Figure::Revenue, 10_000_00), (Figure::Employees, 300)]),
    );
    assert!(exact.eligible);
    assert_eq!(exact.amount, Money::from_fen(5_000_00));
    assert_eq!(
        exact.criteria[0].value,
        Observed::Amount(Money::from_fen(10_000_00))
    );
    assert_eq!(
        exact.criteria[0].threshold,
        Observed::Amount(Money::from_fen(10_000_00))
    );
    assert_eq!(exact.criteria[1].value, Observed::Count(300));

    let off = evaluate(
        &r,
        1,
        &facts(&[(Figure::Revenue, 9_999_99), (Figure::Employees, 301)]),
    );
    assert!(!off.eligible);
    assert_eq!(off.amount, Money::ZERO);
    assert_eq!(off.criteria[0].short_by, Some(1));
    assert_eq!(off.criteria[1].short_by, Some(1));
    assert_eq!(off.would_qualify.len(), 2);

    let missing = evaluate(&r, 1, &facts(&[(Figure::Employees, 20)]));
    assert_eq!(missing.criteria[0].value, Observed::Missing);
    assert_eq!(missing.criteria[0].short_by, Some(10_000_00));
    assert_eq!(missing.would_qualify, vec![0]);
}

#[test]
fn what_would_make_you_eligible_lists_the_nearest_threshold_first() {
    let r = rule(
        vec![
            Criterion::District {
                any_of: vec!["210211".into()],
            },
            Criterion::AtLeast {
                figure: Figure::ExportValue,
                min: 1_000_000_00,
            },
            Criterion::AtLeast {
                figure: Figure::Employees,
                min: 10,
            },
        ],
        Formula::Fixed {
            amount: Money::from_fen(1),
        },
    );
    let d = evaluate(
        &r,
        1,
        &facts(&[(Figure::ExportValue, 999_000_00), (Figure::Employees, 8)]),
    );
    // 2 employees short, then ¥10,000 of exports short, then the district (cannot be reached by a figure).
    assert_eq!(d.would_qualify, vec![2, 1, 0]);
}

#[test]
fn percentage_rounds_half_away_from_zero_to_the_fen_then_caps() {
    // 60 % of ¥0.01 is 0.6 fen: rounded to ¥0.01. 60 % of ¥0.03 = 1.8 fen → ¥0.02.
    for (premiums, expected) in [(1, 1), (3, 2), (5, 3), (2, 1), (0, 0)] {
        let d = evaluate(
            &rule(vec![], pct(Figure::PremiumsPaid, 60, None)),
            1,
            &facts(&[(Figure::PremiumsPaid, premiums)]),
        );
        assert_eq!(
            d.calculation.before_cap,
            Money::from_fen(expected),
            "{premiums}"
        );
    }
    // 12.5 % of ¥0.04 is exactly half a fen: rounded up, away from zero.
    let d = evaluate(
        &rule(
            vec![],
            Formula::Percentage {
                of: Figure::MarketCosts,
                ratio: Ratio::from_basis_points(1250),
                cap: None,
            },
        ),
        1,
        &facts(&[(Figure::MarketCosts, 4)]),
    );
    assert_eq!(d.amount, Money::from_fen(1));
    // The cap applies after rounding; at the cap exactly nothing is cut.
    let capped = rule(vec![], pct(Figure::PremiumsPaid, 80, Some(400_000_00)));
    let over = evaluate(&capped, 1, &facts(&[(Figure::PremiumsPaid, 600_000_00)]));
    assert_eq!(over.calculation.before_cap, Money::from_fen(480_000_00));
    assert!(over.calculation.capped);
    assert_eq!(over.amount, Money::from_fen(400_000_00));
    let at = evaluate(&capped, 1, &facts(&[(Figure::PremiumsPaid, 500_000_00)]));
    assert!(!at.calculation.capped);
    assert_eq!(at.amount, Money::from_fen(400_000_00));
    // Nothing paid: nothing owed, and not eligible.
    let none = evaluate(&capped, 1, &facts(&[]));
    assert!(!none.eligible);
    assert_eq!(none.calculation.base, Observed::Missing);
}

#[test]
fn tiers_start_at_their_from_inclusive() {
    let t = |from: i64, yuan: i64| Tier {
        from,
        amount: Money::from_fen(yuan * 100),
    };
    let r = rule(
        vec![],
        Formula::Tiers {
            of: Figure::Revenue,
            tiers: vec![t(100, 10), t(200, 20), t(500, 50)],
        },
    );
    for (rev, amount, tier) in [
        (99, 0, None),
        (100, 10, Some(0)),
        (199, 10, Some(0)),
        (200, 20, Some(1)),
        (10_000, 50, Some(2)),
    ] {
        let d = evaluate(&r, 1, &facts(&[(Figure::Revenue, rev)]));
        assert_eq!(d.amount, Money::from_fen(amount * 100), "{rev}");
        assert_eq!(d.calculation.tier, tier, "{rev}");
        assert_eq!(d.eligible, amount > 0);
    }
    let below = evaluate(&r, 1, &facts(&[(Figure::Revenue, 99)]));
    assert_eq!(below.calculation.next_tier, Some(t(100, 10)));
    let top = evaluate(&r, 1, &facts(&[(Figure::Revenue, 600)]));
    assert_eq!(top.calculation.next_tier, None);
}

#[test]
fn full_coverage_pays_the_invoice_up_to_the_cap() {
    let r = rule(
        vec![],
        Formula::FullCoverage {
            of: Figure::TrainingCharges,
            cap: Some(Money::from_fen(20_000_00)),
        },
    );
    assert_eq!(
        evaluate(&r, 1, &facts(&[(Figure::TrainingCharges, 12_345_67)])).amount,
        Money::from_fen(12_345_67)
    );
    let over = evaluate(&r, 1, &facts(&[(Figure::TrainingCharges, 25_000_00)]));
    assert_eq!(over.amount, Money::from_fen(20_000_00));
    assert!(over.calculation.capped);
    let fixed = rule(
        vec![],
        Formula::Fixed {
            amount: Money::from_fen(1_000_000_00),
        },
    );
    assert_eq!(
        evaluate(&fixed, 1, &facts(&[])).amount,
        Money::from_fen(1_000_000_00)
    );
}

#[test]
fn a_rule_is_checked_field_by_field() {
    let bad = rule(
        vec![
            Criterion::EnterpriseKind {
                any_of: vec!["bakery".into()],
            },
            Criterion::District { any_of: vec![] },
            Criterion::InvestorCountry {
                any_of: vec!["jp".into()],
            },
            Criterion::AtLeast {
                figure: Figure::Revenue,
                min: -1,
            },
        ],
        Formula::Percentage {
            of: Figure::Employees,
            ratio: Ratio::percent(120),
            cap: Some(Money::from_fen(-5)),
        },
    );
    let fields: Vec<String> = bad.check().into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "rule.criteria[0].any_of[0]",
            "rule.criteria[1].any_of",
            "rule.criteria[2].any_of[0]",
            "rule.criteria[3].min",
            "rule.formula.of",
            "rule.formula.ratio",
            "rule.formula.cap",
        ]
    );
    let huge = rule(
        vec![],
        Formula::Fixed {
            amount: Money::from_fen(MAX_FIGURE + 1),
        },
    );
    assert_eq!(huge.check()[0].code, "out_of_range");
    let tiers = rule(
        vec![],
        Formula::Tiers {
            of: Figure::Revenue,
            tiers: vec![
                Tier {
                    from: 5,
                    amount: Money::from_fen(1),
                },
                Tier {
                    from: 5,
                    amount: Money::from_fen(2),
                },
            ],
        },
    );
    assert_eq!(tiers.check()[0].field, "rule.formula.tiers[1].from");
    assert!(
        rule(vec![], pct(Figure::PremiumsPaid, 80, None))
            .check()
            .is_empty()
    );
}

#[test]
fn rules_are_tagged_json_and_unknown_kinds_are_refused() {
    let json = r#"{"criteria":[{"kind":"at_least","figure":"premiums_paid","min":100}],"formula":{"kind":"percentage","of":"premiums_paid","ratio":6000,"cap":100000000}}"#;
    let r: Rule = serde_json::from_str(json).unwrap();
    assert_eq!(r.figures(), vec![Figure::PremiumsPaid]);
    assert_eq!(serde_json::to_string(&r).unwrap(), json);
    assert!(
        serde_json::from_str::<Rule>(
            r#"{"criteria":[{"kind":"script","code":"1+1"}],"formula":{"kind":"fixed","amount":1}}"#
        )
        .is_err()
    );
    assert!(serde_json::from_str::<Rule>(r#"{"criteria":[{"kind":"at_least","figure":"revenue","min":1,"extra":2}],"formula":{"kind":"fixed","amount":1}}"#).is_err());
}
