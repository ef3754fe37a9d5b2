//! User accounts: create, list, read, disable.

use domain::auth::ScopeKind;
use domain::{
    Action, DistrictCode, DivisionCode, Email, FieldError, Id, Password, Resource, Role, Uscc,
    new_id,
};
use serde::Serialize;
use serde_json::json;
use store::users::{UserRecord, UserScope};

use crate::audit::{self, Change};
use crate::auth::password;
use crate::{App, AppError, Ctx, Page, Result};

/// A request to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub division: Option<String>,
    pub district: Option<String>,
    pub enterprise: Option<String>,
    pub password: String,
}

/// An account as others see it (never the password hash).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UserView {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub division: Option<String>,
    pub district: Option<String>,
    pub enterprise: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        UserView {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            division: u.division.map(|d| d.as_str().to_owned()),
            district: u.district.as_ref().map(|d| d.as_str().to_owned()),
            enterprise: u.enterprise.as_ref().map(|e| e.as_str().to_owned()),
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Validates every field and reports all problems at once.
/// A new account's fields, each parsed.
struct Valid {
    email: Email,
    role: Role,
    division: Option<DivisionCode>,
    district: Option<DistrictCode>,
    enterprise: Option<Uscc>,
    password: Password,
}

fn validate(n: &NewUser) -> Result<Valid> {
    let mut errs = Vec::new();
    let email = Email::parse(&n.email)
        .map_err(|m| errs.push(FieldError::new("email", "invalid_email", m)))
        .ok();
    if n.name.trim().is_empty() {
        errs.push(FieldError::new("name", "required", "a name is required"));
    }
    let role = n
        .role
        .parse::<Role>()
        .map_err(|m| errs.push(FieldError::new("role", "unknown_role", m)))
        .ok();
    let division = blank_to_none(&n.division).and_then(|d| {
        DivisionCode::parse(d)
            .map_err(|m| errs.push(FieldError::new("division", m.code(), m.to_string())))
            .ok()
    });
    let district = blank_to_none(&n.district).and_then(|d| {
        DistrictCode::parse(d)
            .map_err(|m| errs.push(FieldError::new("district", m.code(), m.to_string())))
            .ok()
    });
    let enterprise = blank_to_none(&n.enterprise).and_then(|e| {
        Uscc::parse(e)
            .map_err(|err| errs.push(FieldError::new("enterprise", err.code(), err.to_string())))
            .ok()
    });
    if let Some(r) = role {
        let need = r.required_scope();
        for (kind, field, given) in [
            (
                ScopeKind::Division,
                "division",
                blank_to_none(&n.division).is_some(),
            ),
            (
                ScopeKind::District,
                "district",
                blank_to_none(&n.district).is_some(),
            ),
            (
                ScopeKind::Enterprise,
                "enterprise",
                blank_to_none(&n.enterprise).is_some(),
            ),
        ] {
            if need == Some(kind) && !given {
                errs.push(FieldError::new(
                    field,
                    "required",
                    format!("a {r} needs a {field}"),
                ));
            } else if need != Some(kind) && given {
                errs.push(FieldError::new(
                    field,
                    "not_applicable",
                    format!("a {r} has no {field} scope"),
                ));
            }
        }
    }
    let pw = Password::parse(&n.password)
        .map_err(|e| errs.push(FieldError::new("password", e.code(), e.to_string())))
        .ok();
    match (email, role, pw) {
        (Some(e), Some(r), Some(p)) if errs.is_empty() => Ok(Valid {
            email: e,
            role: r,
            division,
            district,
            enterprise,
            password: p,
        }),
        _ => Err(AppError::Invalid(errs)),
    }
}

pub async fn create(app: &App, ctx: &Ctx, n: &NewUser) -> Result<UserView> {
    ctx.require(Resource::User, Action::Create)?;
    let Valid {
        email,
        role,
        division,
        district,
        enterprise,
        password: pw,
    } = validate(n)?;
    let phc = password::hash_blocking(pw.expose().to_owned()).await?;
    let now = app.now();
    let rec = UserRecord {
        id: new_id(),
        email: email.as_str().to_owned(),
        name: n.name.trim().to_owned(),
        role,
        division,
        district,
        enterprise,
        password_hash: phc,
        disabled: false,
        locked_until: None,
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    if store::users::find_by_email(&mut tx, &rec.email)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "email",
            "email_taken",
            "an account with this e-mail address exists",
        )]));
    }
    store::users::insert(&mut tx, &rec).await?;
    let view = UserView::from(&rec);
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "user_created",
            object_type: "user",
            object_id: rec.id.to_string(),
            before: None,
            after: Some(json!(view)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// The account an enterprise sign-up or an accepted invitation makes: an enterprise user of
/// `uscc`, with the password hash the applicant chose.
pub struct EnterpriseAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub uscc: &'a Uscc,
    pub password_hash: &'a str,
}

/// Makes an enterprise user's account in the caller's transaction (the enterprise-accounts
/// use cases, which check their own rules); answers with its id. The e-mail must be free.
pub(crate) async fn insert_enterprise_user(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    a: EnterpriseAccount<'_>,
) -> Result<Id> {
    if store::users::find_by_email(tx, a.email).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "email",
            "email_taken",
            "an account with this e-mail address exists",
        )]));
    }
    let now = app.now();
    let rec = UserRecord {
        id: new_id(),
        email: a.email.to_owned(),
        name: a.name.to_owned(),
        role: Role::EnterpriseUser,
        division: None,
        district: None,
        enterprise: Some(a.uscc.clone()),
        password_hash: a.password_hash.to_owned(),
        disabled: false,
        locked_until: None,
        created_at: now,
        updated_at: now,
    };
    store::users::insert(tx, &rec).await?;
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "user_created",
            object_type: "user",
            object_id: rec.id.to_string(),
            before: None,
            after: Some(json!(UserView::from(&rec))),
        },
    )
    .await?;
    Ok(rec.id)
}

/// The scope predicate for reading accounts: a division chief sees their division only.
fn scope_for(ctx: &Ctx) -> UserScope {
    match ctx.principal() {
        Some(p) if p.role == Role::DivisionChief => {
            p.division.map_or(UserScope::Nothing, UserScope::Division)
        }
        _ => UserScope::All,
    }
}

pub async fn list(
    app: &App,
    ctx: &Ctx,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<UserView>> {
    ctx.require(Resource::User, Action::Read)?;
    if let Some(c) = cursor {
        uuid::Uuid::parse_str(c).map_err(|_| {
            AppError::invalid("cursor", "invalid_cursor", "this cursor is not valid")
        })?;
    }
    let mut rd = app.db.read().await?;
    let page = store::users::list(&mut rd, &scope_for(ctx), limit, cursor).await?;
    Ok(Page {
        items: page.items.iter().map(UserView::from).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// One account; outside the caller's scope it is "not found".
pub async fn get(app: &App, ctx: &Ctx, id: Id) -> Result<UserView> {
    ctx.require(Resource::User, Action::Read)?;
    let mut rd = app.db.read().await?;
    let u = store::users::get(&mut rd, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let visible = match scope_for(ctx) {
        UserScope::All => true,
        UserScope::Division(d) => u.division == Some(d),
        UserScope::Nothing => false,
    };
    if !visible {
        return Err(AppError::NotFound);
    }
    Ok(UserView::from(&u))
}

pub async fn find_by_email(app: &App, ctx: &Ctx, email: &str) -> Result<UserView> {
    ctx.require(Resource::User, Action::Read)?;
    let email = Email::parse(email).map_err(|m| AppError::invalid("email", "invalid_email", m))?;
    let mut rd = app.db.read().await?;
    let u = store::users::find_by_email(&mut rd, email.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(UserView::from(&u))
}

/// Disables an account and ends all its sessions at once.
pub async fn disable(app: &App, ctx: &Ctx, id: Id) -> Result<UserView> {
    ctx.require(Resource::User, Action::Update)?;
    if ctx.principal().is_some_and(|p| p.id == id) {
        return Err(AppError::Conflict(
            "cannot_disable_self",
            "you cannot disable your own account".into(),
        ));
    }
    let mut tx = app.db.begin().await?;
    let before = store::users::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = disable_in(app, &mut tx, ctx, &before).await?;
    tx.commit().await?;
    app.token_cache.clear();
    Ok(view)
}

/// Disables `before`'s account in the caller's transaction and ends its sessions, with the
/// audit entry (an enterprise administrator removing a colleague calls it too). The caller
/// clears the token cache after committing.
pub(crate) async fn disable_in(
    app: &App,
    tx: &mut store::Tx,
    ctx: &Ctx,
    before: &UserRecord,
) -> Result<UserView> {
    let id = before.id;
    store::users::set_disabled(tx, id, true, app.now()).await?;
    let ended = store::sessions::delete_for_user(tx, id).await?;
    let mut after = before.clone();
    after.disabled = true;
    audit::record(
        app,
        tx,
        ctx,
        Change {
            action: "user_disabled",
            object_type: "user",
            object_id: id.to_string(),
            before: Some(json!(UserView::from(before))),
            after: Some(json!({"user": UserView::from(&after), "sessions_ended": ended})),
        },
    )
    .await?;
    Ok(UserView::from(&after))
}
