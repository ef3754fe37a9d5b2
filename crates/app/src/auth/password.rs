//! Argon2id password hashes (PHC strings), and a dummy hash so that unknown accounts take as
//! long to refuse as wrong passwords.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};

use crate::{AppError, Result};

pub fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Unexpected(format!("password hashing failed: {e}")))
}

pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same work as [`verify`] for an account that does not exist.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("lifeline dummy password for timing").unwrap_or_default());
    let _ = verify(password, phc);
}

/// Verifies on a blocking thread; `None` (no such account) spends the same work on a dummy.
pub async fn verify_blocking(password: String, phc: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match phc {
        Some(h) => verify(&password, &h),
        None => {
            verify_dummy(&password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// Hashes on a blocking thread.
pub async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| AppError::Unexpected(format!("password hashing stopped: {e}")))?
}
