//! The one-time code of a sign-up: six digits, valid [`CODE_TTL_MS`], [`MAX_TRIES`] tries,
//! kept only as an HMAC under the server's token key (a copy of the database cannot read it),
//! sent to the registry's contact through the notifications service.

use domain::Id;
use store::Tx;

use crate::keys::hmac_sha256;
use crate::notify::{self, Address, Contact, Event, Lang};
use crate::{App, Result};

/// How long a code is valid.
pub const CODE_TTL_MS: i64 = 10 * 60_000;
/// Wrong codes before the sign-up goes to the district official instead.
pub const MAX_TRIES: i64 = 5;

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

/// Sends the code to the registry's contact (e-mail and/or mobile) through the notifications
/// service, in `tx`, written in `lang`.
pub async fn send(
    app: &App,
    tx: &mut Tx,
    email: Option<&str>,
    mobile: Option<&str>,
    code: &str,
    lang: Lang,
) -> Result<()> {
    let addresses = email
        .map(|e| Address::Email(e.to_owned()))
        .into_iter()
        .chain(mobile.map(|m| Address::Mobile(m.to_owned())));
    for address in addresses {
        let to = Contact { address, lang };
        let code = code.to_owned();
        notify::emit(tx, app, Event::SignUpCode { to, code }).await?;
    }
    Ok(())
}
