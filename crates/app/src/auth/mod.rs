//! Accounts, passwords, sessions and API tokens.

pub mod login;
pub mod password;
pub mod tokens;
pub mod users;

pub use login::{LoginOutcome, SessionInfo};
pub use users::{NewUser, UserView};
