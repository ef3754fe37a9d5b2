//! Signing in and out, and checking a browser session on each request.
//!
//! Rules: 5 failed logins within 15 minutes lock the account for 15 minutes (counted per
//! e-mail address, so unknown addresses behave like known ones); sessions end after 15 idle
//! minutes for staff and 30 for enterprise users, and after 12 hours in any case; logging out
//! or disabling the account ends them at once.

use domain::Email;
use serde_json::json;
use sha2::{Digest, Sha256};
use store::sessions::SessionRecord;

use crate::audit::{self, Change};
use crate::auth::password;
use crate::{App, AppError, Ctx, Principal, Result, random_token};

pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60_000;
pub const LOCK_MS: i64 = 15 * 60_000;
pub const SESSION_MAX_MS: i64 = 12 * 60 * 60_000;
/// A session's last-seen time is written at most this often.
const TOUCH_EVERY_MS: i64 = 60_000;

pub struct LoginOutcome {
    /// The cookie value; only its hash is stored.
    pub session_token: String,
    pub csrf: String,
    pub principal: Principal,
}

/// The session behind a cookie.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub principal: Principal,
    pub csrf: String,
    pub id_hash: String,
}

pub fn session_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn bad_credentials() -> AppError {
    AppError::Unauthenticated(
        "invalid_credentials",
        "the e-mail address or the password is wrong".into(),
    )
}

/// Checks the password and opens a session.
pub async fn login(app: &App, ctx: &Ctx, email: &str, pw: &str) -> Result<LoginOutcome> {
    let email = Email::parse(email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let now = app.now();
    // Verify before deciding anything, so every path costs one Argon2 verification, and do it
    // off the async workers and outside the write transaction (which it would otherwise hold).
    let stored_hash = {
        let mut rd = app.db.read().await?;
        store::users::find_by_email(&mut rd, &email)
            .await?
            .map(|u| u.password_hash)
    };
    let password_ok = password::verify_blocking(pw.to_owned(), stored_hash).await;
    // Writers are serialised (one SQLite writer; a transaction lock on PostgreSQL), so the
    // failure count read here cannot race another attempt.
    let mut tx = app.db.begin().await?;
    store::users::purge_failures_before(&mut tx, now - 24 * 60 * 60_000).await?;
    store::sessions::purge_older_than(&mut tx, now - 30 * 60_000, now - SESSION_MAX_MS).await?;
    let user = store::users::find_by_email(&mut tx, &email).await?;
    let failures =
        store::users::count_failures_since(&mut tx, &email, now - FAILURE_WINDOW_MS).await?;
    let locked = failures >= MAX_FAILURES
        || user
            .as_ref()
            .and_then(|u| u.locked_until)
            .is_some_and(|t| t > now);
    if locked {
        audit::record(
            app,
            &mut tx,
            ctx,
            Change {
                action: "login_refused_locked",
                object_type: "account",
                object_id: email.clone(),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Unauthenticated(
            "account_locked",
            "too many failed sign-ins: this account is locked for 15 minutes".into(),
        ));
    }
    let usable = user.filter(|u| password_ok && !u.disabled);
    let Some(user) = usable else {
        store::users::record_failure(&mut tx, &email, now).await?;
        if failures + 1 >= MAX_FAILURES
            && let Some(u) = store::users::find_by_email(&mut tx, &email).await?
        {
            store::users::set_locked_until(&mut tx, u.id, Some(now + LOCK_MS)).await?;
        }
        audit::record(
            app,
            &mut tx,
            ctx,
            Change {
                action: "login_failed",
                object_type: "account",
                object_id: email.clone(),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        return Err(bad_credentials());
    };
    let outcome = open_session(app, &mut tx, ctx, &user, &email, now).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// After a good password: clears the failures and any lock, stores a new session and records
/// the sign-in under the user's own name.
async fn open_session(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    user: &store::users::UserRecord,
    email: &str,
    now: i64,
) -> Result<LoginOutcome> {
    store::users::clear_failures(tx, email).await?;
    if user.locked_until.is_some() {
        store::users::set_locked_until(tx, user.id, None).await?;
    }
    let token = random_token();
    let csrf = random_token();
    let rec = SessionRecord {
        id_hash: session_hash(&token),
        user_id: user.id,
        csrf: csrf.clone(),
        created_at: now,
        last_seen_at: now,
    };
    store::sessions::insert(tx, &rec, ctx.client_addr.as_deref()).await?;
    let principal = Principal::from(user);
    let user_ctx = Ctx {
        actor: crate::Actor::User(principal.clone()),
        ..ctx.clone()
    };
    audit::record(
        app,
        tx,
        &user_ctx,
        Change {
            action: "login",
            object_type: "user",
            object_id: user.id.to_string(),
            before: None,
            after: Some(json!({"session": "opened"})),
        },
    )
    .await?;
    Ok(LoginOutcome {
        session_token: token,
        csrf,
        principal,
    })
}

/// The live session behind a cookie, or `None` when it is unknown, idle too long, too old,
/// or its user is disabled. Expired sessions are removed.
pub async fn session(app: &App, token: &str) -> Result<Option<SessionInfo>> {
    let id_hash = session_hash(token);
    let now = app.now();
    let found = {
        let mut rd = app.db.read().await?;
        store::sessions::get(&mut rd, &id_hash).await?
    };
    let Some((s, user)) = found else {
        return Ok(None);
    };
    let idle_ms = user.role.idle_timeout_minutes() * 60_000;
    if user.disabled || now - s.last_seen_at > idle_ms || now - s.created_at > SESSION_MAX_MS {
        let mut tx = app.db.begin().await?;
        store::sessions::delete(&mut tx, &id_hash).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if now - s.last_seen_at > TOUCH_EVERY_MS {
        let mut tx = app.db.begin().await?;
        store::sessions::touch(&mut tx, &id_hash, now).await?;
        tx.commit().await?;
    }
    Ok(Some(SessionInfo {
        principal: Principal::from(&user),
        csrf: s.csrf,
        id_hash,
    }))
}

/// Ends one session.
pub async fn logout(app: &App, ctx: &Ctx, id_hash: &str) -> Result<()> {
    let mut tx = app.db.begin().await?;
    store::sessions::delete(&mut tx, id_hash).await?;
    if let Some(p) = ctx.principal() {
        audit::record(
            app,
            &mut tx,
            ctx,
            Change {
                action: "logout",
                object_type: "user",
                object_id: p.id.to_string(),
                before: None,
                after: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
