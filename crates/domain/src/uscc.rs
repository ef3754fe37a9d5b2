//! The Unified Social Credit Code (GB 32100-2015): an enterprise's identity.
//!
//! 18 characters from a 31-character alphabet (the digits and the capitals without I, O, S,
//! V and Z); the last one is a check character over the first 17 (weights 3^i mod 31).

use std::fmt;

use serde::Serialize;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Uscc(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a USCC has 18 characters, this one has {0}")]
    Length(usize),
    #[error(
        "a USCC never contains the letters I, O, S, V or Z (they look like digits); found '{0}' at position {1}"
    )]
    BannedLetter(char, usize),
    #[error("'{0}' at position {1} is not allowed in a USCC")]
    BadChar(char, usize),
    #[error(
        "the check character should be '{expected}', not '{found}': a character is probably mistyped"
    )]
    CheckDigit { expected: char, found: char },
}

impl UsccError {
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Length(_) => "uscc_length",
            UsccError::BannedLetter(..) => "uscc_banned_letter",
            UsccError::BadChar(..) => "uscc_bad_char",
            UsccError::CheckDigit { .. } => "uscc_check_digit",
        }
    }
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (which must be in the alphabet).
pub fn check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (i, &c) in first17.iter().enumerate().take(17) {
        sum += value(c)? * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, UsccError> {
        let s = input.trim().to_uppercase();
        let n = s.chars().count();
        if n != 18 {
            return Err(UsccError::Length(n));
        }
        for (i, c) in s.chars().enumerate() {
            if matches!(c, 'I' | 'O' | 'S' | 'V' | 'Z') {
                return Err(UsccError::BannedLetter(c, i + 1));
            }
            if !c.is_ascii() || value(c as u8).is_none() {
                return Err(UsccError::BadChar(c, i + 1));
            }
        }
        let bytes = s.as_bytes();
        let expected = check_char(&bytes[..17]).ok_or(UsccError::BadChar('?', 0))?;
        let found = bytes[17] as char;
        if expected != found {
            return Err(UsccError::CheckDigit { expected, found });
        }
        Ok(Uscc(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_pass_and_are_normalised() {
        for code in [
            "91440300708461136T",
            "91210200MA0QC1234F",
            "912102112412345674",
        ] {
            assert_eq!(
                Uscc::parse(code).map(|u| u.0),
                Ok(code.to_owned()),
                "{code}"
            );
        }
        assert!(Uscc::parse(" 91210200ma0qc1234f ").is_ok());
    }

    #[test]
    fn each_defect_is_named() {
        assert_eq!(
            Uscc::parse("91440300708461136U"),
            Err(UsccError::CheckDigit {
                expected: 'T',
                found: 'U'
            })
        );
        assert_eq!(Uscc::parse("9111000010000058"), Err(UsccError::Length(16)));
        assert_eq!(
            Uscc::parse("9111000010000058IB"),
            Err(UsccError::BannedLetter('I', 17))
        );
        assert!(matches!(
            Uscc::parse("91110000100000589!"),
            Err(UsccError::BadChar('!', 18))
        ));
    }
}
