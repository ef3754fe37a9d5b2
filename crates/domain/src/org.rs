//! The organisation's identifiers: division codes, measure numbers, district codes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the six divisions named by measure 10, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

    pub fn parse(s: &str) -> Result<Self, String> {
        let up = s.trim().to_uppercase();
        DivisionCode::ALL
            .into_iter()
            .find(|d| d.as_str() == up)
            .ok_or_else(|| {
                let known: Vec<_> = DivisionCode::ALL.iter().map(|d| d.as_str()).collect();
                format!(
                    "unknown division \"{s}\"; known divisions: {}",
                    known.join(", ")
                )
            })
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A measure of the policy, 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MeasureNo(u8);

impl MeasureNo {
    pub fn new(n: i64) -> Result<Self, String> {
        if (1..=10).contains(&n) {
            Ok(MeasureNo(n as u8))
        } else {
            Err(format!("the policy has measures 1 to 10, not {n}"))
        }
    }
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
    pub fn all() -> impl Iterator<Item = MeasureNo> {
        (1..=10).map(MeasureNo)
    }
}

/// An administrative division code (GB/T 2260): six digits, the first two a province.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DistrictCode(String);

impl DistrictCode {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "\"{s}\" is not a district code: GB/T 2260 codes have six digits"
            ));
        }
        if &s[0..2] < "11" || &s[0..2] > "82" || &s[4..6] == "00" {
            return Err(format!("\"{s}\" is not a district-level GB/T 2260 code"));
        }
        Ok(DistrictCode(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(DivisionCode::parse("oiec"), Ok(DivisionCode::OIEC));
        assert!(DivisionCode::parse("XX").unwrap_err().contains("IP1, IP2"));
        assert!(MeasureNo::new(0).is_err());
        assert!(MeasureNo::new(11).is_err());
        assert_eq!(MeasureNo::new(10).map(MeasureNo::get), Ok(10));
        assert!(DistrictCode::parse("210202").is_ok());
        assert!(DistrictCode::parse("210200").is_err());
        assert!(DistrictCode::parse("21020").is_err());
        assert!(DistrictCode::parse("99020a").is_err());
    }
}
