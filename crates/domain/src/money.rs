//! Money: an amount of renminbi in integer fen (分, 1/100 yuan), never floating point.
//!
//! Amounts are parsed from what people type ("1,234.56", "1234.5", "¥1,234.56") and shown as
//! people write them ("¥1,234.56"). Arithmetic is checked: an overflow is an error, never a
//! wrapped or saturated amount. Percentages are [`Ratio`]s in basis points (1/100 of a percent),
//! applied in integers with one stated rounding rule: half away from zero, to the fen (四舍五入).
//! In JSON an amount is its integer number of fen, and a ratio its integer basis points.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in fen. Negative amounts exist (a refund, a correction); parsing accepts a minus.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Why a text is not an amount of money. Each variant has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    #[error("\"{0}\" is not an amount: write digits, e.g. 1234.56 or ¥1,234.56")]
    Format(String),
    #[error("\"{0}\": thousands separators go every three digits, e.g. 1,234,567.00")]
    Grouping(String),
    #[error("\"{0}\" has more than two decimals: amounts are counted in fen (0.01)")]
    TooPrecise(String),
    #[error("the amount is too large")]
    Overflow,
}

impl MoneyError {
    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money_empty",
            MoneyError::Format(_) => "money_format",
            MoneyError::Grouping(_) => "money_grouping",
            MoneyError::TooPrecise(_) => "money_too_precise",
            MoneyError::Overflow => "money_overflow",
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount of `fen` fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// The amount in fen (what the store keeps).
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses an amount in yuan: an optional minus, an optional `¥` (or full-width `￥`),
    /// digits with optional thousands commas, and at most two decimals. Exponents, `NaN`,
    /// spaces inside the number and a bare `.5` are refused.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let bad = || MoneyError::Format(s.to_owned());
        let (negative, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let rest = rest
            .strip_prefix('¥')
            .or_else(|| rest.strip_prefix('￥'))
            .unwrap_or(rest);
        // "¥-1.00" is written too.
        let (negative, rest) = match rest.strip_prefix('-') {
            Some(r) if !negative => (true, r),
            Some(_) => return Err(bad()),
            None => (negative, rest),
        };
        let (whole, frac) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            return Err(bad());
        }
        if whole.contains(',') {
            let mut groups = whole.split(',');
            let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
            if !first_ok || !groups.all(|g| g.len() == 3) {
                return Err(MoneyError::Grouping(s.to_owned()));
            }
        }
        let frac_fen = match frac {
            None => 0,
            Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => return Err(bad()),
            Some(f) if f.len() > 2 => return Err(MoneyError::TooPrecise(s.to_owned())),
            Some(f) => {
                let n: i64 = f.parse().map_err(|_| bad())?;
                if f.len() == 1 { n * 10 } else { n }
            }
        };
        let mut yuan: i64 = 0;
        for b in whole.bytes().filter(u8::is_ascii_digit) {
            yuan = yuan
                .checked_mul(10)
                .and_then(|y| y.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyError::Overflow)?;
        }
        let fen = yuan
            .checked_mul(100)
            .and_then(|f| f.checked_add(frac_fen))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money(if negative { -fen } else { fen }))
    }

    /// `self + other`, or `Overflow`.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, or `Overflow`.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// The sum of amounts, or `Overflow`.
    pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }

    /// This share of the amount (e.g. a subsidy of 80 %), rounded half away from zero to the
    /// fen: 80 % of ¥0.01 is ¥0.01, 50 % of ¥0.01 is ¥0.01, 40 % of ¥0.01 is ¥0.00.
    pub fn times(self, ratio: Ratio) -> Result<Money, MoneyError> {
        let product = i128::from(self.0) * i128::from(ratio.0);
        let fen = div_round_half_away(product, i128::from(Ratio::WHOLE));
        i64::try_from(fen)
            .map(Money)
            .map_err(|_| MoneyError::Overflow)
    }
}

/// Integer division rounding half away from zero (`d > 0`).
fn div_round_half_away(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d { q + n.signum() } else { q }
}

impl fmt::Display for Money {
    /// `¥1,234.56`; a negative amount is `-¥1,234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

/// A proportion in basis points: 10,000 is 100 %, 8,000 is 80 %, 1 is 0.01 %. May exceed
/// 100 % (a growth rate); never negative.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Ratio(u32);

/// Why a text is not a percentage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatioError {
    #[error("\"{0}\" is not a percentage: write e.g. 80% or 12.5%")]
    Format(String),
    #[error("\"{0}\" has more than two decimals: percentages are counted to 0.01 %")]
    TooPrecise(String),
    #[error("the percentage is too large")]
    Overflow,
}

impl RatioError {
    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            RatioError::Format(_) => "ratio_format",
            RatioError::TooPrecise(_) => "ratio_too_precise",
            RatioError::Overflow => "ratio_overflow",
        }
    }
}

impl Ratio {
    /// 100 %.
    pub const WHOLE: u32 = 10_000;

    pub const fn from_basis_points(bp: u32) -> Ratio {
        Ratio(bp)
    }

    /// A whole number of percent.
    pub const fn percent(p: u32) -> Ratio {
        Ratio(p * 100)
    }

    pub const fn basis_points(self) -> u32 {
        self.0
    }

    /// Parses a percentage such as `80%`, `80` or `12.5 %`: ASCII digits, at most two
    /// decimals.
    pub fn parse(input: &str) -> Result<Ratio, RatioError> {
        let s = input.trim();
        let bad = || RatioError::Format(s.to_owned());
        let number = s
            .strip_suffix('%')
            .or_else(|| s.strip_suffix('％'))
            .unwrap_or(s)
            .trim_end();
        let (whole, frac) = match number.split_once('.') {
            Some((w, f)) => (w, f),
            None => (number, ""),
        };
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || number.ends_with('.') {
            return Err(bad());
        }
        if frac.len() > 2 {
            return Err(RatioError::TooPrecise(s.to_owned()));
        }
        let w: u32 = whole.parse().map_err(|_| RatioError::Overflow)?;
        let f: u32 = match frac.len() {
            0 => 0,
            1 => frac.parse::<u32>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        w.checked_mul(100)
            .and_then(|bp| bp.checked_add(f))
            .map(Ratio)
            .ok_or(RatioError::Overflow)
    }

    /// `part` as a share of `whole`, rounded half away from zero to the basis point; `None`
    /// when `whole` is zero or either amount is negative.
    pub fn of(part: Money, whole: Money) -> Option<Ratio> {
        if whole.fen() <= 0 || part.fen() < 0 {
            return None;
        }
        let bp = div_round_half_away(
            i128::from(part.fen()) * i128::from(Ratio::WHOLE),
            i128::from(whole.fen()),
        );
        u32::try_from(bp).ok().map(Ratio)
    }
}

impl fmt::Display for Ratio {
    /// `80%`, `12.5%`, `0.01%`: trailing zeros of the decimals are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, d) = (self.0 / 100, self.0 % 100);
        match d {
            0 => write!(f, "{w}%"),
            d if d.is_multiple_of(10) => write!(f, "{w}.{}%", d / 10),
            d => write!(f, "{w}.{d:02}%"),
        }
    }
}

#[cfg(test)]
mod tests;
