//! The policy's types and rules. Everything here is pure: values that can only be built
//! valid, and rules as plain functions. No IO, no async, no SQL, no HTTP.

pub mod auth;
pub mod calendar;
pub mod cases;
pub mod codes;
pub mod consulting;
pub mod dates;
pub mod enterprise;
pub mod files;
pub mod funds;
pub mod ids;
pub mod money;
pub mod org;
pub mod phone;
pub mod policy;
pub mod search;
pub mod uscc;

pub use auth::{Email, Password, PasswordError, Role};
pub use ids::{Id, new_id};
pub use money::{Money, MoneyError, Ratio};
pub use org::{DistrictCode, DistrictError, DivisionCode, DivisionError, MeasureError, MeasureNo};
pub use phone::{Phone, PhoneError};
pub use policy::{Action, Resource, allowed};
pub use uscc::{Uscc, UsccError};

/// A field-level validation failure: which input, a stable code (also an i18n key) and
/// a human message in English.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}
