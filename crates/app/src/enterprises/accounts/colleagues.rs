//! Colleagues: the enterprise administrator (the account its sign-up made) invites people by
//! e-mail, lists and removes them. A colleague is an enterprise user of the same USCC; an
//! invitation never makes anything else, and nobody sees another enterprise's people.

use domain::{Action, Email, FieldError, Id, Password, Resource, Uscc, new_id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::Tx;
use store::signups::InvitationRecord;

use crate::audit::{self, Change};
use crate::auth::password;
use crate::auth::users::{EnterpriseAccount, disable_in, insert_enterprise_user};
use crate::keys::hmac_sha256;
use crate::notify::{self, Address, Contact, Event, Lang};
use crate::{App, AppError, Ctx, Result};

/// How long an invitation stays open.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 3_600_000;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ColleagueView {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Administers the enterprise's account (invites and removes colleagues).
    pub admin: bool,
    /// Removed (the account is disabled).
    pub removed: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Colleagues {
    /// Whether the caller administers the enterprise's account.
    pub you_administer: bool,
    pub colleagues: Vec<ColleagueView>,
    pub invitations: Vec<InvitationView>,
}

/// The caller's enterprise (their own scope).
fn own(ctx: &Ctx) -> Result<(Id, Uscc)> {
    let p = ctx.principal().ok_or(AppError::Forbidden)?;
    let uscc = p.enterprise.clone().ok_or(AppError::Forbidden)?;
    Ok((p.id, uscc))
}

/// The USCC the caller administers; anyone else is refused.
async fn administered(tx: &mut Tx, ctx: &Ctx) -> Result<(Id, Uscc)> {
    ctx.require(Resource::Colleague, Action::Update)?;
    let (me, uscc) = own(ctx)?;
    match store::signups::active_of_user(tx, me).await? {
        Some(s) if s.uscc == uscc => Ok((me, uscc)),
        _ => Err(AppError::Forbidden),
    }
}

fn token_hash(app: &App, token: &str) -> String {
    hex::encode(hmac_sha256(
        &app.keys.token,
        &[b"invitation v1", token.as_bytes()],
    ))
}

/// The people and open invitations of the caller's enterprise.
pub async fn list(app: &App, ctx: &Ctx) -> Result<Colleagues> {
    ctx.require(Resource::Colleague, Action::Read)?;
    let (me, uscc) = own(ctx)?;
    let mut rd = app.db.read().await?;
    let users = store::users::of_enterprise(&mut rd, &uscc).await?;
    let mut colleagues = Vec::with_capacity(users.len());
    let mut you_administer = false;
    for u in &users {
        let admin = store::signups::active_of_user(&mut rd, u.id)
            .await?
            .is_some_and(|s| s.uscc == uscc);
        you_administer |= admin && u.id == me;
        colleagues.push(ColleagueView {
            id: u.id.to_string(),
            name: u.name.clone(),
            email: u.email.clone(),
            admin,
            removed: u.disabled,
        });
    }
    let invitations = store::signups::pending_invitations(&mut rd, &uscc)
        .await?
        .iter()
        .filter(|i| i.expires_at > app.now())
        .map(|i| InvitationView {
            id: i.id.to_string(),
            email: i.email.clone(),
            expires_at: i.expires_at,
        })
        .collect();
    Ok(Colleagues {
        you_administer,
        colleagues,
        invitations,
    })
}

fn audit_change(action: &'static str, id: Id, after: serde_json::Value) -> Change<'static> {
    Change {
        action,
        object_type: "enterprise_invitation",
        object_id: id.to_string(),
        before: None,
        after: Some(after),
    }
}

/// Invites `email` to the caller's enterprise; the link goes to that address, in `lang`.
pub async fn invite(app: &App, ctx: &Ctx, email: &str, lang: Lang) -> Result<InvitationView> {
    let email =
        Email::parse(email.trim()).map_err(|m| AppError::invalid("email", "invalid_email", m))?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let (me, uscc) = administered(&mut tx, ctx).await?;
    if store::users::find_by_email(&mut tx, email.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "email",
            "email_taken",
            "an account with this e-mail address exists",
        ));
    }
    let token = crate::random_token();
    let inv = InvitationRecord {
        id: new_id(),
        uscc: uscc.clone(),
        email: email.as_str().to_owned(),
        token_hash: token_hash(app, &token),
        invited_by: me,
        state: "pending".into(),
        expires_at: now + INVITATION_TTL_MS,
        user_id: None,
        created_at: now,
        updated_at: now,
    };
    store::signups::insert_invitation(&mut tx, &inv).await?;
    let enterprise = store::enterprises::get(&mut tx, &uscc)
        .await?
        .map_or_else(|| uscc.as_str().to_owned(), |e| e.name);
    let inviter = ctx.principal().map(|p| p.name.clone()).unwrap_or_default();
    let to = Contact {
        address: Address::Email(inv.email.clone()),
        lang,
    };
    let link = format!("/invitations/{token}");
    notify::emit(
        &mut tx,
        app,
        Event::Invitation {
            to,
            enterprise,
            inviter,
            link,
        },
    )
    .await?;
    let after = json!({"uscc": uscc, "email": inv.email, "expires_at": inv.expires_at});
    audit::record(
        app,
        &mut tx,
        ctx,
        audit_change("colleague_invited", inv.id, after),
    )
    .await?;
    tx.commit().await?;
    Ok(InvitationView {
        id: inv.id.to_string(),
        email: inv.email,
        expires_at: inv.expires_at,
    })
}

/// What the invited person types to accept.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub name: String,
    pub password: String,
}

/// Accepts the invitation with `token`: an enterprise user of the inviting enterprise. An
/// unknown, used or expired token is "not found".
pub async fn accept(app: &App, ctx: &Ctx, token: &str, a: &Acceptance) -> Result<()> {
    let mut errs = Vec::new();
    if a.name.trim().is_empty() {
        errs.push(FieldError::new("name", "required", "your name"));
    }
    let pw = Password::parse(&a.password)
        .map_err(|e| errs.push(FieldError::new("password", e.code(), e.to_string())))
        .ok();
    let Some(pw) = pw.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let phc = password::hash_blocking(pw.expose().to_owned()).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut inv = store::signups::invitation_by_token(&mut tx, &token_hash(app, token))
        .await?
        .filter(|i| i.state == "pending" && i.expires_at > now)
        .ok_or(AppError::NotFound)?;
    let account = EnterpriseAccount {
        email: &inv.email,
        name: a.name.trim(),
        uscc: &inv.uscc,
        password_hash: &phc,
    };
    let user = insert_enterprise_user(app, &mut tx, ctx, account).await?;
    inv.state = "accepted".into();
    inv.user_id = Some(user);
    inv.updated_at = now;
    store::signups::update_invitation(&mut tx, &inv).await?;
    let after = json!({"uscc": inv.uscc, "email": inv.email, "user": user});
    audit::record(
        app,
        &mut tx,
        ctx,
        audit_change("colleague_joined", inv.id, after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes colleague `id` (their account is disabled); another enterprise's user is "not
/// found", and the administrator cannot remove themselves.
pub async fn remove(app: &App, ctx: &Ctx, id: Id) -> Result<ColleagueView> {
    ctx.require(Resource::Colleague, Action::Update)?;
    let (_, own_uscc) = own(ctx)?;
    let mut tx = app.db.begin().await?;
    // Another enterprise's user is not found, before asking whether the caller administers.
    let u = store::users::get(&mut tx, id)
        .await?
        .filter(|u| {
            u.role == domain::Role::EnterpriseUser && u.enterprise.as_ref() == Some(&own_uscc)
        })
        .ok_or(AppError::NotFound)?;
    let (me, _) = administered(&mut tx, ctx).await?;
    if u.id == me {
        return Err(AppError::Conflict(
            "cannot_disable_self",
            "you cannot remove your own account".into(),
        ));
    }
    let v = disable_in(app, &mut tx, ctx, &u).await?;
    tx.commit().await?;
    app.token_cache.clear();
    Ok(ColleagueView {
        id: v.id.to_string(),
        name: v.name,
        email: v.email,
        admin: false,
        removed: true,
    })
}

/// Withdraws a pending invitation of the caller's enterprise.
pub async fn revoke(app: &App, ctx: &Ctx, id: Id) -> Result<()> {
    ctx.require(Resource::Colleague, Action::Update)?;
    let (_, uscc) = own(ctx)?;
    let mut tx = app.db.begin().await?;
    let mut inv = store::signups::invitation(&mut tx, id)
        .await?
        .filter(|i| i.uscc == uscc && i.state == "pending")
        .ok_or(AppError::NotFound)?;
    administered(&mut tx, ctx).await?;
    inv.state = "revoked".into();
    inv.updated_at = app.now();
    store::signups::update_invitation(&mut tx, &inv).await?;
    let after = json!({"uscc": inv.uscc, "email": inv.email});
    audit::record(
        app,
        &mut tx,
        ctx,
        audit_change("colleague_invitation_revoked", inv.id, after),
    )
    .await?;
    tx.commit().await.map_err(Into::into)
}
