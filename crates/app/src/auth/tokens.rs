//! API tokens: shown once, stored as a keyed hash (HMAC-SHA-256), so checking one costs a
//! hash and an indexed lookup rather than a password hash per request.

use domain::{Email, new_id};
use serde_json::json;
use store::tokens::TokenRecord;

use crate::audit::{self, Change};
use crate::keys::hmac_sha256;
use crate::{App, AppError, Ctx, Principal, Result, random_token};

pub const TOKEN_PREFIX: &str = "llt_";

pub fn token_hash(app: &App, token: &str) -> String {
    hex::encode(hmac_sha256(&app.keys.token, &[token.as_bytes()]))
}

/// Creates a token for the user with this e-mail (an operator action at the command line,
/// or a user for themselves). Returns the token, which is never shown again.
pub async fn create(
    app: &App,
    ctx: &Ctx,
    email: &str,
    label: &str,
    expires_days: Option<i64>,
) -> Result<String> {
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", "invalid_email", m))?;
    if let Some(p) = ctx.principal()
        && p.email != email.as_str()
    {
        return Err(AppError::Forbidden);
    }
    if let Some(d) = expires_days
        && !(1..=3650).contains(&d)
    {
        return Err(AppError::invalid(
            "expires_days",
            "out_of_range",
            "a token lasts 1 to 3650 days",
        ));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let user = store::users::find_by_email(&mut tx, email.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    if user.disabled {
        return Err(AppError::Conflict(
            "user_disabled",
            "this account is disabled".into(),
        ));
    }
    let token = format!("{TOKEN_PREFIX}{}", random_token());
    let rec = TokenRecord {
        id: new_id(),
        user_id: user.id,
        label: if label.trim().is_empty() {
            "api".into()
        } else {
            label.trim().to_owned()
        },
        token_hash: token_hash(app, &token),
        created_at: now,
        expires_at: expires_days.map(|d| now + d * 86_400_000),
    };
    store::tokens::insert(&mut tx, &rec).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "token_created",
            object_type: "api_token",
            object_id: rec.id.to_string(),
            before: None,
            after: Some(
                json!({"user_id": user.id, "label": rec.label, "expires_at": rec.expires_at}),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The user behind a bearer token, if it is live and the account enabled.
pub async fn authenticate(app: &App, token: &str) -> Result<Option<Principal>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let mut rd = app.db.read().await?;
    let user = store::tokens::find_user(&mut rd, &token_hash(app, token), app.now()).await?;
    Ok(user.filter(|u| !u.disabled).as_ref().map(Principal::from))
}
