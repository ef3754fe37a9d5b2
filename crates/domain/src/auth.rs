//! Accounts: roles, e-mail addresses and the password rule.
//!
//! The password rule follows current guidance: at least 12 characters, not one of the
//! commonly used passwords, and no composition rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a user is in the bureau's organisation. The scope that goes with a role
/// (division, district, enterprise) is kept beside it on the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Leader,
    DivisionChief,
    DivisionStaff,
    DistrictOfficial,
    Reviewer,
    Auditor,
    EnterpriseUser,
    Partner,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Leader,
        Role::DivisionChief,
        Role::DivisionStaff,
        Role::DistrictOfficial,
        Role::Reviewer,
        Role::Auditor,
        Role::EnterpriseUser,
        Role::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::DivisionChief => "division_chief",
            Role::DivisionStaff => "division_staff",
            Role::DistrictOfficial => "district_official",
            Role::Reviewer => "reviewer",
            Role::Auditor => "auditor",
            Role::EnterpriseUser => "enterprise_user",
            Role::Partner => "partner",
        }
    }

    /// Bureau-side users work in the back office; the others use the portal.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::EnterpriseUser | Role::Partner)
    }

    /// Which scope a user of this role must carry.
    pub fn required_scope(self) -> Option<ScopeKind> {
        match self {
            Role::DivisionChief | Role::DivisionStaff => Some(ScopeKind::Division),
            Role::DistrictOfficial => Some(ScopeKind::District),
            Role::EnterpriseUser => Some(ScopeKind::Enterprise),
            _ => None,
        }
    }

    /// Minutes of inactivity after which a session ends (platform rule: staff 15, enterprises 30).
    pub fn idle_timeout_minutes(self) -> i64 {
        if self.is_staff() { 15 } else { 30 }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                let known: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!("unknown role \"{s}\"; known roles: {}", known.join(", "))
            })
    }
}

/// The kind of scope a role is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Division,
    District,
    Enterprise,
}

/// A syntactically plausible e-mail address, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err("an e-mail address needs an @".into());
        };
        if local.is_empty() || domain.is_empty() || !domain.contains('.') || s.len() > 254 {
            return Err(format!("\"{s}\" is not an e-mail address"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("an e-mail address has no spaces".into());
        }
        Ok(Email(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that satisfies the policy. It never prints itself.
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {0} characters")]
    TooShort(usize),
    #[error("this password is on the list of commonly used passwords")]
    Common,
}

impl PasswordError {
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort(_) => "password_too_short",
            PasswordError::Common => "password_common",
        }
    }
}

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");
pub const MIN_PASSWORD_CHARS: usize = 12;

impl Password {
    pub fn parse(s: &str) -> Result<Self, PasswordError> {
        if s.chars().count() < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort(MIN_PASSWORD_CHARS));
        }
        let lower = s.to_lowercase();
        if COMMON_PASSWORDS.lines().any(|l| l.trim() == lower) {
            return Err(PasswordError::Common);
        }
        Ok(Password(s.to_owned()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rule() {
        assert_eq!(
            Password::parse("short").err(),
            Some(PasswordError::TooShort(12))
        );
        assert_eq!(
            Password::parse("123456789012").err(),
            Some(PasswordError::Common)
        );
        assert_eq!(
            Password::parse("Password1234").err(),
            Some(PasswordError::Common)
        );
        assert!(Password::parse("harbour lights 2020").is_ok());
        // No composition rules: a long lower-case phrase is fine.
        assert!(Password::parse("correcthorsebatterystaple").is_ok());
    }

    #[test]
    fn roles_round_trip_and_unknown_is_explained() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        let e = "boss".parse::<Role>().unwrap_err();
        assert!(e.contains("division_chief"), "{e}");
    }

    #[test]
    fn email_is_normalised() {
        assert_eq!(
            Email::parse(" Li.Wei@Bureau.GOV.cn ").map(|e| e.0),
            Ok("li.wei@bureau.gov.cn".into())
        );
        assert!(Email::parse("no-at-sign").is_err());
        assert!(Email::parse("a@b").is_err());
    }
}
