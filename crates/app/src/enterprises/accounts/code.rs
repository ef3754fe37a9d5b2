//! The one-time code of a sign-up: six digits, valid [`CODE_TTL_MS`], [`MAX_TRIES`] tries,
//! kept only as an HMAC under the server's token key (a copy of the database cannot read it),
//! sent to the registry's contact.

use domain::Id;
use serde_json::json;
use store::Tx;

use crate::keys::hmac_sha256;
use crate::{App, Result};

/// How long a code is valid.
pub const CODE_TTL_MS: i64 = 15 * 60_000;
/// Wrong codes before the sign-up goes to the district official instead.
pub const MAX_TRIES: i64 = 5;
/// The job kind that carries a code to its recipient.
pub const JOB_KIND: &str = "sign_up_code";

/// A fresh six-digit code.
pub fn generate() -> String {
    let b = crate::random_bytes::<8>();
    let n = u64::from_le_bytes(b) % 1_000_000;
    format!("{n:06}")
}

/// The code's HMAC, bound to its sign-up.
pub fn hash(app: &App, signup: Id, code: &str) -> String {
    hex::encode(hmac_sha256(
        &app.keys.token,
        &[
            b"sign-up code v1",
            signup.as_bytes(),
            code.trim().as_bytes(),
        ],
    ))
}

/// Whether `given` is the code whose HMAC is `stored` (compared in constant time).
pub fn matches(app: &App, signup: Id, given: &str, stored: &str) -> bool {
    let h = hash(app, signup, given);
    h.len() == stored.len()
        && h.bytes()
            .zip(stored.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Queues the code to the registry's contact (e-mail and/or mobile) in `tx`.
pub async fn send(
    app: &App,
    tx: &mut Tx,
    signup: Id,
    email: Option<&str>,
    mobile: Option<&str>,
    code: &str,
) -> Result<()> {
    let payload = json!({"email": email, "mobile": mobile, "code": code});
    crate::jobs::enqueue(app, tx, JOB_KIND, Some(signup.to_string()), &payload).await?;
    Ok(())
}

/// Registers the `sign_up_code` kind. Its delivery is the notifications service's (issue 13,
/// being built beside this); until it is wired in, an attempt fails visibly in `/staff/jobs`
/// rather than pretending the code went out.
pub fn register(jobs: &crate::jobs::Registry) {
    use crate::jobs::{Backoff, Kind};
    let backoff = Backoff::Doubling {
        first_ms: 60_000,
        max_ms: 3_600_000,
    };
    jobs.register(Kind::new(JOB_KIND, backoff, 8, |_app, _job| async {
        Err("no delivery channel for sign-up codes yet (the notifications service)".to_owned())
    }));
}
