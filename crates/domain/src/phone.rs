//! Telephone numbers, stored as E.164 (`+8613812345678`, `+819012345678`).
//!
//! Chinese numbers follow the bureau's rules: a mobile has 11 digits and starts with 1; an
//! office number of 8 local digits takes the city's area code (configuration: `area_code`,
//! Dalian 0411), and `010-…`, `0086 10 …` or `+86 10 …` carry their own. A number written with
//! an international prefix (`+` or `00`) and another country code than 86 is foreign: it is
//! checked against libphonenumber's numbering plans and shown in international form
//! (`+81 90-1234-5678`), as people abroad write it. Chinese numbers are shown the local way.

use std::fmt;

use phonenumber::{Mode, Type};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a mobile number has 11 digits; this one has {0}")]
    MobileLength(usize),
    #[error("a Chinese mobile number starts with 1")]
    MobilePrefix,
    #[error("a local office number has 8 digits; this one has {0}")]
    OfficeLength(usize),
    #[error("only digits, spaces, dashes, brackets and a leading + are allowed in a phone number")]
    BadChar,
    #[error("+{0} is not a telephone number of any country's numbering plan")]
    Foreign(String),
    #[error("+{0} is a fixed line, not a mobile number")]
    NotMobile(String),
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::MobileLength(_) => "mobile_length",
            PhoneError::MobilePrefix => "mobile_prefix",
            PhoneError::OfficeLength(_) => "office_length",
            PhoneError::BadChar => "phone_bad_char",
            PhoneError::Foreign(_) => "invalid_phone",
            PhoneError::NotMobile(_) => "not_a_mobile",
        }
    }
}

/// A number as typed: Chinese (its digits without the country code, `international` when it
/// was written with +86 or 0086) or foreign (country code and number).
enum Written {
    China { digits: String, international: bool },
    Foreign(String),
}

fn written(s: &str) -> Result<Written, PhoneError> {
    let s = s.trim();
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.'))
        || s.get(1..).is_some_and(|rest| rest.contains('+'))
    {
        return Err(PhoneError::BadChar);
    }
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    let international = if s.starts_with('+') {
        Some(d.as_str())
    } else {
        d.strip_prefix("00")
    };
    Ok(match international {
        Some(i) => match i.strip_prefix("86") {
            Some(cn) => Written::China {
                digits: cn.to_owned(),
                international: true,
            },
            None => Written::Foreign(i.to_owned()),
        },
        None => Written::China {
            digits: d,
            international: false,
        },
    })
}

/// A foreign number (country code and number) that its country's numbering plan has.
fn foreign(digits: &str) -> Result<(Phone, Type), PhoneError> {
    let n = phonenumber::parse(None, format!("+{digits}"))
        .ok()
        .filter(phonenumber::is_valid)
        .ok_or_else(|| PhoneError::Foreign(digits.to_owned()))?;
    let kind = n.number_type(&phonenumber::metadata::DATABASE);
    Ok((Phone(n.format().mode(Mode::E164).to_string()), kind))
}

/// The checks every area code passes, with or without its trunk 0: `10`, `2X` or three digits
/// from 3 on (GB/T: Beijing 010, Shanghai 021, Dalian 0411).
pub fn parse_area_code(s: &str) -> Result<String, String> {
    let s = s.trim();
    let d = s.strip_prefix('0').unwrap_or(s);
    let ok = d.bytes().all(|b| b.is_ascii_digit())
        && match d.len() {
            2 => d.starts_with('1') || d.starts_with('2'),
            3 => !d.starts_with('0') && !d.starts_with('1') && !d.starts_with('2'),
            _ => false,
        };
    if ok {
        Ok(d.to_owned())
    } else {
        Err(format!(
            "\"{s}\" is not a Chinese area code (010, 021, 0411 …)"
        ))
    }
}

impl Phone {
    /// A mobile number: a Chinese one has 11 digits starting with 1 (a +86 prefix is
    /// accepted); a foreign one (`+44 7911 123456`, `0044 …`) must be a mobile or a number its
    /// country does not tell apart from one.
    pub fn mobile(s: &str) -> Result<Phone, PhoneError> {
        match written(s)? {
            Written::Foreign(d) => match foreign(&d)? {
                (_, Type::FixedLine) => Err(PhoneError::NotMobile(d)),
                (p, _) => Ok(p),
            },
            Written::China { digits: d, .. } => {
                if d.len() != 11 {
                    return Err(PhoneError::MobileLength(d.len()));
                }
                if !d.starts_with('1') {
                    return Err(PhoneError::MobilePrefix);
                }
                Ok(Phone(format!("+86{d}")))
            }
        }
    }

    /// An office number: 8 local digits take `area_code`; `0411-…` or `+86 411 …` carry their
    /// own; a foreign number (`+81 3-1234-5678`) is checked against its country's plan.
    pub fn office(s: &str, area_code: &str) -> Result<Phone, PhoneError> {
        let (d, international) = match written(s)? {
            Written::Foreign(d) => return foreign(&d).map(|(p, _)| p),
            Written::China {
                digits,
                international,
            } => (digits, international),
        };
        let national = if international {
            d
        } else if let Some(rest) = d.strip_prefix('0') {
            rest.to_owned()
        } else if d.len() == 8 {
            format!("{area_code}{d}")
        } else {
            return Err(PhoneError::OfficeLength(d.len()));
        };
        // Area codes have 2 to 3 digits after the trunk 0, subscriber numbers 7 or 8.
        if !(9..=11).contains(&national.len()) {
            return Err(PhoneError::OfficeLength(
                national.len().saturating_sub(area_code.len()),
            ));
        }
        Ok(Phone(format!("+86{national}")))
    }

    /// Rebuilds a stored E.164 value.
    pub fn from_e164(s: &str) -> Phone {
        Phone(s.to_owned())
    }

    pub fn e164(&self) -> &str {
        &self.0
    }

    /// The digits after +86, for a Chinese number.
    fn chinese(&self) -> Option<&str> {
        self.0.strip_prefix("+86")
    }

    /// The international form of a foreign number (`+44 20 7946 0958`).
    fn international(&self) -> String {
        phonenumber::parse(None, &self.0)
            .map(|n| n.format().mode(Mode::International).to_string())
            .unwrap_or_else(|_| self.0.clone())
    }

    pub fn is_mobile(&self) -> bool {
        match self.chinese() {
            Some(n) => n.len() == 11 && n.starts_with('1'),
            None => phonenumber::parse(None, &self.0).is_ok_and(|n| {
                matches!(
                    n.number_type(&phonenumber::metadata::DATABASE),
                    Type::Mobile | Type::FixedLineOrMobile
                )
            }),
        }
    }

    /// As people write it: `138 1234 5678`, `0411-82345678` or `010-12345678` in China, and
    /// a foreign number in international form, `+81 90-1234-5678`.
    pub fn display(&self, area_code: &str) -> String {
        let Some(n) = self.chinese() else {
            return self.international();
        };
        if self.is_mobile() {
            format!("{} {} {}", &n[..3], &n[3..7], &n[7..])
        } else if let Some(local) = n.strip_prefix(area_code) {
            format!("0{area_code}-{local}")
        } else {
            // Beijing (10) and the 2X cities have two-digit area codes, the others three.
            let split = if n.starts_with('1') || n.starts_with('2') {
                2
            } else {
                3
            };
            match (n.get(..split), n.get(split..)) {
                (Some(area), Some(local)) if !local.is_empty() => format!("0{area}-{local}"),
                _ => format!("0{n}"),
            }
        }
    }

    /// The number with its middle digits hidden: `138****5678`, `+44****3456`.
    pub fn masked(&self) -> String {
        let n = self.chinese().unwrap_or(&self.0);
        if n.len() >= 7 {
            format!("{}****{}", &n[..3], &n[n.len() - 4..])
        } else {
            "****".into()
        }
    }

    /// As written in a local table: 8 digits for an office in the city, 11 for a mobile,
    /// `0`-prefixed for another city, and the international form for a foreign number (all
    /// read back by [`Phone::office`] and [`Phone::mobile`]).
    pub fn local(&self, area_code: &str) -> String {
        let Some(n) = self.chinese() else {
            return self.international();
        };
        if self.is_mobile() {
            n.to_owned()
        } else {
            n.strip_prefix(area_code)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("0{n}"))
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles() {
        assert_eq!(
            Phone::mobile("138 1234 5678").map(|p| p.0),
            Ok("+8613812345678".into())
        );
        assert_eq!(
            Phone::mobile("+86 138-1234-5678").map(|p| p.0),
            Ok("+8613812345678".into())
        );
        assert_eq!(
            Phone::mobile("1381234567"),
            Err(PhoneError::MobileLength(10)),
            "a digit missing"
        );
        assert_eq!(Phone::mobile("28812345678"), Err(PhoneError::MobilePrefix));
        assert_eq!(Phone::mobile("138x1234567"), Err(PhoneError::BadChar));
        let p = Phone::mobile("13812345678").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.masked(), "138****5678");
        assert_eq!(p.display("411"), "138 1234 5678");
        assert_eq!(p.local("411"), "13812345678");
    }

    #[test]
    fn office_numbers_take_the_area_code() {
        assert_eq!(
            Phone::office("82345678", "411").map(|p| p.0),
            Ok("+8641182345678".into())
        );
        assert_eq!(
            Phone::office("0411-82345678", "411").map(|p| p.0),
            Ok("+8641182345678".into())
        );
        assert_eq!(
            Phone::office("010-12345678", "411").map(|p| p.0),
            Ok("+861012345678".into())
        );
        assert_eq!(
            Phone::office("8234567", "411"),
            Err(PhoneError::OfficeLength(7))
        );
        let p = Phone::office("82345678", "411").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.display("411"), "0411-82345678");
        assert_eq!(p.local("411"), "82345678");
    }

    #[test]
    fn foreign_numbers_keep_their_country_and_read_internationally() {
        let jp = Phone::mobile("+81 90-1234-5678").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(jp.e164(), "+819012345678");
        assert_eq!(jp.display("411"), "+81 90-1234-5678");
        assert_eq!(jp.local("411"), "+81 90-1234-5678");
        assert_eq!(
            Phone::mobile("0044 7911 123456").map(|p| p.0),
            Ok("+447911123456".into()),
            "00 is China's international prefix"
        );
        let tokyo = Phone::office("+81 3-1234-5678", "411").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tokyo.e164(), "+81312345678", "not +86 81…");
        assert_eq!(tokyo.display("411"), "+81 3-1234-5678");
        assert!(!tokyo.is_mobile());
        assert_eq!(
            Phone::office(&tokyo.local("411"), "411"),
            Ok(tokyo.clone()),
            "an exported number reads back"
        );
        assert_eq!(
            Phone::mobile("+81 3-1234-5678"),
            Err(PhoneError::NotMobile("81312345678".into()))
        );
        assert_eq!(
            Phone::mobile("+44 12").map_err(|e| e.code()),
            Err("invalid_phone")
        );
        assert_eq!(
            Phone::office("+1 201 55", "411").map_err(|e| e.code()),
            Err("invalid_phone")
        );
        assert_eq!(Phone::mobile("138+1234+5678"), Err(PhoneError::BadChar));
    }

    #[test]
    fn other_cities_show_their_area_code() {
        let p = Phone::office("010-12345678", "411").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.display("411"), "010-12345678");
        assert_eq!(p.local("411"), "01012345678");
        let p = Phone::office("+86 512 6812 3456", "411").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.display("411"), "0512-68123456");
        // Shanghai's bureau: the same 8 digits take its own area code.
        let p = Phone::office("62345678", "21").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.e164(), "+862162345678");
        assert_eq!(p.display("21"), "021-62345678");
    }

    #[test]
    fn area_codes() {
        assert_eq!(parse_area_code("0411"), Ok("411".into()));
        assert_eq!(parse_area_code("411"), Ok("411".into()));
        assert_eq!(parse_area_code("010"), Ok("10".into()));
        assert_eq!(parse_area_code(" 021 "), Ok("21".into()));
        for bad in ["", "0", "04111", "0911x", "099", "0000", "1"] {
            assert!(parse_area_code(bad).is_err(), "{bad}");
        }
    }
}
