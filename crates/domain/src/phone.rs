//! Telephone numbers, stored as E.164 (`+86…`).
//!
//! Office numbers in the work-distribution table are local: 8 digits, to which the bureau's
//! area code (Dalian: 411) is added. A Chinese mobile has 11 digits and starts with 1.

use std::fmt;

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
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::MobileLength(_) => "mobile_length",
            PhoneError::MobilePrefix => "mobile_prefix",
            PhoneError::OfficeLength(_) => "office_length",
            PhoneError::BadChar => "phone_bad_char",
        }
    }
}

/// The digits of a typed number, without separators and the country prefix.
fn digits(s: &str) -> Result<String, PhoneError> {
    let s = s.trim();
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.'))
    {
        return Err(PhoneError::BadChar);
    }
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    let d = if s.starts_with('+') {
        d.strip_prefix("86").map(str::to_owned).unwrap_or(d)
    } else {
        d.strip_prefix("0086").map(str::to_owned).unwrap_or(d)
    };
    Ok(d)
}

impl Phone {
    /// A mobile number: 11 digits starting with 1 (a +86 prefix is accepted).
    pub fn mobile(s: &str) -> Result<Phone, PhoneError> {
        let d = digits(s)?;
        if d.len() != 11 {
            return Err(PhoneError::MobileLength(d.len()));
        }
        if !d.starts_with('1') {
            return Err(PhoneError::MobilePrefix);
        }
        Ok(Phone(format!("+86{d}")))
    }

    /// An office number: 8 local digits take `area_code`; `0411-…` or `+86 411 …` carry their own.
    pub fn office(s: &str, area_code: &str) -> Result<Phone, PhoneError> {
        let d = digits(s)?;
        let trimmed = s.trim();
        let national = if trimmed.starts_with('+') || trimmed.starts_with("0086") {
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

    fn national(&self) -> &str {
        self.0.strip_prefix("+86").unwrap_or(&self.0)
    }

    pub fn is_mobile(&self) -> bool {
        self.national().len() == 11 && self.national().starts_with('1')
    }

    /// As people write it: `138 1234 5678`, or `0411-8234 5678`.
    pub fn display(&self, area_code: &str) -> String {
        let n = self.national();
        if self.is_mobile() {
            format!("{} {} {}", &n[..3], &n[3..7], &n[7..])
        } else if let Some(local) = n.strip_prefix(area_code) {
            format!("0{area_code}-{local}")
        } else {
            format!("0{n}")
        }
    }

    /// A mobile with its middle digits hidden: `138****5678`.
    pub fn masked(&self) -> String {
        let n = self.national();
        if n.len() >= 7 {
            format!("{}****{}", &n[..3], &n[n.len() - 4..])
        } else {
            "****".into()
        }
    }

    /// The digits as written in a local table: 8 digits for a local office, 11 for a mobile.
    pub fn local(&self, area_code: &str) -> String {
        let n = self.national();
        n.strip_prefix(area_code)
            .filter(|_| !self.is_mobile())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                if self.is_mobile() {
                    n.to_owned()
                } else {
                    format!("0{n}")
                }
            })
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
}
