//! API tokens: shown once, stored as a keyed hash (HMAC-SHA-256), so checking one costs a
//! hash and an indexed lookup rather than a password hash per request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
///
/// A token that checked out is remembered for [`CACHE_TTL`], so an integration calling many
/// times a second costs one lookup, not one per call. Disabling an account in this process
/// forgets every remembered token at once; a change made by another process (the command
/// line, a second server) takes effect within the TTL. The token's own expiry is always exact.
pub async fn authenticate(app: &App, token: &str) -> Result<Option<Principal>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let hash = token_hash(app, token);
    let now = app.now();
    if let Some(p) = app.token_cache.get(&hash, now) {
        return Ok(Some(p));
    }
    let generation = app.token_cache.generation();
    let mut rd = app.db.read().await?;
    let found = store::tokens::find_user(&mut rd, &hash, now).await?;
    drop(rd);
    let Some((user, expires_at)) = found.filter(|(u, _)| !u.disabled) else {
        return Ok(None);
    };
    let principal = Principal::from(&user);
    app.token_cache
        .put(hash, principal.clone(), expires_at, generation);
    Ok(Some(principal))
}

/// How long a checked token is trusted without looking it up again.
pub const CACHE_TTL: Duration = Duration::from_secs(5);
/// More distinct live tokens than this and the cache starts afresh.
const CACHE_MAX: usize = 10_000;

struct Cached {
    principal: Principal,
    checked: Instant,
    expires_at: Option<i64>,
}

/// Recently checked tokens, by keyed hash (the token itself is never kept).
#[derive(Default)]
pub struct TokenCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    /// Bumped by [`TokenCache::clear`], so a lookup that began before a clear is not cached.
    generation: u64,
    entries: HashMap<String, Cached>,
}

impl TokenCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, hash: &str, now: i64) -> Option<Principal> {
        let inner = self.lock();
        let c = inner.entries.get(hash)?;
        let live = c.checked.elapsed() < CACHE_TTL && c.expires_at.is_none_or(|e| e > now);
        live.then(|| c.principal.clone())
    }

    fn generation(&self) -> u64 {
        self.lock().generation
    }

    fn put(&self, hash: String, principal: Principal, expires_at: Option<i64>, generation: u64) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CACHE_MAX {
            inner.entries.clear();
        }
        inner.entries.insert(
            hash,
            Cached {
                principal,
                checked: Instant::now(),
                expires_at,
            },
        );
    }

    /// Forgets every remembered token: call after anything that could end or change a
    /// token's user (disabling an account, revoking tokens, changing a role).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
    }
}
