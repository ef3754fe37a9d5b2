//! Table-driven tests of parsing, formatting and arithmetic on money and ratios.

use super::*;

#[test]
fn amounts_people_write_are_parsed_to_fen() {
    let cases: &[(&str, i64)] = &[
        ("1,234.56", 123_456),
        ("1234.5", 123_450),
        ("¥1,234.56", 123_456),
        ("￥1234.56", 123_456),
        ("  0.01 ", 1),
        ("0", 0),
        ("12", 1_200),
        ("1,000,000", 100_000_000),
        ("-3.10", -310),
        ("-¥3.10", -310),
        ("¥-3.10", -310),
        ("0.1", 10),
        // The largest amount that fits: i64::MAX fen.
        ("92,233,720,368,547,758.07", i64::MAX),
    ];
    for &(input, fen) in cases {
        assert_eq!(Money::parse(input), Ok(Money::from_fen(fen)), "{input}");
    }
}

#[test]
fn bad_amounts_are_refused_with_their_code() {
    let cases: &[(&str, &str)] = &[
        ("", "money_empty"),
        ("   ", "money_empty"),
        ("1.234", "money_too_precise"),
        ("0.005", "money_too_precise"),
        ("1e3", "money_format"),
        ("NaN", "money_format"),
        ("inf", "money_format"),
        ("1.", "money_format"),
        (".5", "money_format"),
        ("1 234", "money_format"),
        ("12元", "money_format"),
        ("--1", "money_format"),
        ("+1", "money_format"),
        ("1,23.00", "money_grouping"),
        ("1234,567", "money_grouping"),
        (",123", "money_grouping"),
        ("92,233,720,368,547,758.08", "money_overflow"),
        ("99999999999999999999", "money_overflow"),
    ];
    for &(input, code) in cases {
        assert_eq!(
            Money::parse(input).map_err(|e| e.code()),
            Err(code),
            "{input}"
        );
    }
}

#[test]
fn amounts_are_shown_as_people_write_them() {
    let cases: &[(i64, &str)] = &[
        (0, "¥0.00"),
        (1, "¥0.01"),
        (123_456, "¥1,234.56"),
        (100_000_000, "¥1,000,000.00"),
        (99_999, "¥999.99"),
        (-310, "-¥3.10"),
        (i64::MIN, "-¥92,233,720,368,547,758.08"),
    ];
    for &(fen, shown) in cases {
        assert_eq!(Money::from_fen(fen).to_string(), shown, "{fen}");
        if fen != i64::MIN {
            assert_eq!(Money::parse(shown), Ok(Money::from_fen(fen)), "round trip");
        }
    }
}

#[test]
fn arithmetic_is_checked() {
    let a = Money::from_fen(150);
    assert_eq!(a.checked_add(Money::from_fen(50)), Ok(Money::from_fen(200)));
    assert_eq!(
        a.checked_sub(Money::from_fen(200)),
        Ok(Money::from_fen(-50))
    );
    assert_eq!(
        Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
        Err(MoneyError::Overflow)
    );
    assert_eq!(
        Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
        Err(MoneyError::Overflow)
    );
    assert_eq!(
        Money::sum([1, 2, 3].map(Money::from_fen)),
        Ok(Money::from_fen(6))
    );
    assert_eq!(
        Money::sum([i64::MAX, 1].map(Money::from_fen)),
        Err(MoneyError::Overflow)
    );
}

#[test]
fn shares_round_half_away_from_zero_to_the_fen() {
    let cases: &[(i64, u32, i64)] = &[
        // (fen, basis points, expected fen)
        (1_000_000, 8_000, 800_000), // Measure 7: 80 % of ¥10,000.00
        (1, 8_000, 1),               // 0.8 fen rounds up
        (1, 5_000, 1),               // half rounds away from zero
        (1, 4_000, 0),               // 0.4 fen rounds down
        (-1, 5_000, -1),             // and symmetrically below zero
        (-1, 4_999, 0),
        (333, 3_333, 111), // 110.9889 fen
        (12_345, 10_000, 12_345),
        (12_345, 0, 0),
        (100, 15_000, 150), // above 100 %
    ];
    for &(fen, bp, want) in cases {
        assert_eq!(
            Money::from_fen(fen).times(Ratio::from_basis_points(bp)),
            Ok(Money::from_fen(want)),
            "{fen} × {bp} bp"
        );
    }
    assert_eq!(
        Money::from_fen(i64::MAX).times(Ratio::percent(200)),
        Err(MoneyError::Overflow)
    );
}

#[test]
fn percentages_parse_and_show() {
    let cases: &[(&str, u32, &str)] = &[
        ("80%", 8_000, "80%"),
        ("80", 8_000, "80%"),
        ("12.5 %", 1_250, "12.5%"),
        ("0.01%", 1, "0.01%"),
        ("100％", 10_000, "100%"),
        ("150%", 15_000, "150%"),
    ];
    for &(input, bp, shown) in cases {
        let r = Ratio::parse(input);
        assert_eq!(r, Ok(Ratio::from_basis_points(bp)), "{input}");
        assert_eq!(Ratio::from_basis_points(bp).to_string(), shown);
    }
    for (input, code) in [
        ("", "ratio_format"),
        ("-5%", "ratio_format"),
        ("12.%", "ratio_format"),
        ("0.125%", "ratio_too_precise"),
        ("1e2%", "ratio_format"),
        ("99999999%", "ratio_overflow"),
    ] {
        assert_eq!(
            Ratio::parse(input).map_err(|e| e.code()),
            Err(code),
            "{input}"
        );
    }
}

#[test]
fn a_share_of_a_whole() {
    let m = Money::from_fen;
    assert_eq!(Ratio::of(m(1), m(3)), Some(Ratio::from_basis_points(3_333)));
    assert_eq!(Ratio::of(m(2), m(3)), Some(Ratio::from_basis_points(6_667)));
    assert_eq!(Ratio::of(m(5), m(5)), Some(Ratio::percent(100)));
    assert_eq!(Ratio::of(m(5), m(0)), None);
    assert_eq!(Ratio::of(m(-5), m(10)), None);
}

#[test]
fn json_is_integer_fen_and_basis_points() {
    assert_eq!(
        serde_json::to_string(&Money::from_fen(123_456)).ok(),
        Some("123456".to_owned())
    );
    assert_eq!(
        serde_json::from_str::<Ratio>("8000").ok(),
        Some(Ratio::percent(80))
    );
}
