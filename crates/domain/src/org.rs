//! The organisation's identifiers: division codes, measure numbers, district codes.
//!
//! Each is parsed once, at the edge, into a value that can only be valid; each parser's error
//! is an enum with a stable snake_case code (the field error's code in the API). In JSON they
//! are what they were before these types: a division and a district as strings, a measure as
//! a number; deserialising one checks it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the six divisions named by measure 10, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub enum DivisionCode {
    IP1,
    IP2,
    IP3,
    FT,
    OIEC,
    GLA,
}

impl DivisionCode {
    pub const ALL: [DivisionCode; 6] = [
        DivisionCode::IP1,
        DivisionCode::IP2,
        DivisionCode::IP3,
        DivisionCode::FT,
        DivisionCode::OIEC,
        DivisionCode::GLA,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DivisionCode::IP1 => "IP1",
            DivisionCode::IP2 => "IP2",
            DivisionCode::IP3 => "IP3",
            DivisionCode::FT => "FT",
            DivisionCode::OIEC => "OIEC",
            DivisionCode::GLA => "GLA",
        }
    }

    /// A division by its code, in any case (`oiec` is `OIEC`).
    pub fn parse(s: &str) -> Result<Self, DivisionError> {
        let up = s.trim().to_uppercase();
        DivisionCode::ALL
            .into_iter()
            .find(|d| d.as_str() == up)
            .ok_or_else(|| DivisionError::Unknown(s.to_owned()))
    }
}

/// Why a text is not a division code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DivisionError {
    #[error("unknown division \"{0}\"; known divisions: IP1, IP2, IP3, FT, OIEC, GLA")]
    Unknown(String),
}

impl DivisionError {
    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            DivisionError::Unknown(_) => "unknown_division",
        }
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionError;
    fn try_from(s: String) -> Result<Self, DivisionError> {
        DivisionCode::parse(&s)
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A measure of the policy, 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct MeasureNo(u8);

/// Why a number is not a measure of the policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    #[error("the policy has measures 1 to 10, not {0}")]
    OutOfRange(i64),
}

impl MeasureError {
    /// A stable snake_case code, also an i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            MeasureError::OutOfRange(_) => "invalid_measure",
        }
    }
}

impl MeasureNo {
    /// Measure 1: enterprises in difficulty (the registry and its designated contacts).
    pub const ONE: MeasureNo = MeasureNo(1);

    /// Measure `n`, if the policy has it.
    pub fn new(n: i64) -> Result<Self, MeasureError> {
        match u8::try_from(n) {
            Ok(m @ 1..=10) => Ok(MeasureNo(m)),
            _ => Err(MeasureError::OutOfRange(n)),
        }
    }
    /// The measure's number.
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
    /// Measures 1 to 10 in order.
    pub fn all() -> impl Iterator<Item = MeasureNo> {
        (1..=10).map(MeasureNo)
    }
}

impl TryFrom<i64> for MeasureNo {
    type Error = MeasureError;
    fn try_from(n: i64) -> Result<Self, MeasureError> {
        MeasureNo::new(n)
    }
}

impl From<MeasureNo> for i64 {
    fn from(m: MeasureNo) -> i64 {
        m.get()
    }
}

impl fmt::Display for MeasureNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An administrative division code (GB/T 2260) of district level: six digits, the first two
/// a province, the last two not `00` (that would be a whole city or province).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct DistrictCode(String);

/// Why a text is not a district code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistrictError {
    #[error("\"{0}\" is not a district code: GB/T 2260 codes have six digits")]
    NotSixDigits(String),
    #[error("\"{0}\" is not a district-level GB/T 2260 code")]
    NotDistrictLevel(String),
}

impl DistrictError {
    /// A stable snake_case code, also an i18n key. Both defects share the code the API has
    /// always answered; the message tells them apart.
    pub fn code(&self) -> &'static str {
        match self {
            DistrictError::NotSixDigits(_) | DistrictError::NotDistrictLevel(_) => {
                "invalid_district"
            }
        }
    }
}

impl DistrictCode {
    /// A district code, surrounding spaces ignored.
    pub fn parse(s: &str) -> Result<Self, DistrictError> {
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DistrictError::NotSixDigits(s.to_owned()));
        }
        if &s[0..2] < "11" || &s[0..2] > "82" || &s[4..6] == "00" {
            return Err(DistrictError::NotDistrictLevel(s.to_owned()));
        }
        Ok(DistrictCode(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DistrictCode {
    type Error = DistrictError;
    fn try_from(s: String) -> Result<Self, DistrictError> {
        DistrictCode::parse(&s)
    }
}

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(DivisionCode::parse("oiec"), Ok(DivisionCode::OIEC));
        assert!(
            DivisionCode::parse("XX")
                .unwrap_err()
                .to_string()
                .contains("IP1, IP2")
        );
        assert_eq!(MeasureNo::new(10).map(MeasureNo::get), Ok(10));
        assert!(DistrictCode::parse(" 210202 ").is_ok());
    }

    #[test]
    fn each_bad_code_is_refused_with_its_code() {
        let cases: &[(Result<(), &str>, &str)] = &[
            (
                DivisionCode::parse("XX").map(drop).map_err(|e| e.code()),
                "unknown_division",
            ),
            (
                MeasureNo::new(0).map(drop).map_err(|e| e.code()),
                "invalid_measure",
            ),
            (
                MeasureNo::new(11).map(drop).map_err(|e| e.code()),
                "invalid_measure",
            ),
            (
                MeasureNo::new(-256).map(drop).map_err(|e| e.code()),
                "invalid_measure",
            ),
            (
                MeasureNo::new(257).map(drop).map_err(|e| e.code()),
                "invalid_measure",
            ),
            (
                DistrictCode::parse("210200")
                    .map(drop)
                    .map_err(|e| e.code()),
                "invalid_district",
            ),
            (
                DistrictCode::parse("21020").map(drop).map_err(|e| e.code()),
                "invalid_district",
            ),
            (
                DistrictCode::parse("99020a")
                    .map(drop)
                    .map_err(|e| e.code()),
                "invalid_district",
            ),
            (
                DistrictCode::parse("990201")
                    .map(drop)
                    .map_err(|e| e.code()),
                "invalid_district",
            ),
        ];
        for (i, (got, code)) in cases.iter().enumerate() {
            assert_eq!(*got, Err(*code), "case {i}");
        }
    }

    #[test]
    fn json_keeps_its_shape_and_is_checked() {
        let m = MeasureNo::new(3).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "3");
        assert_eq!(serde_json::from_str::<MeasureNo>("3").unwrap(), m);
        assert!(serde_json::from_str::<MeasureNo>("11").is_err());
        assert_eq!(
            serde_json::to_string(&DivisionCode::OIEC).unwrap(),
            "\"OIEC\""
        );
        assert!(serde_json::from_str::<DivisionCode>("\"XX\"").is_err());
        let d = DistrictCode::parse("210202").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"210202\"");
        assert!(serde_json::from_str::<DistrictCode>("\"210200\"").is_err());
    }
}
