//! Signing up and confirming with the one-time code. Both are public: the applicant has no
//! account yet. The web layer rate-limits them per address and per USCC.

use domain::{DistrictCode, Email, FieldError, Id, Password, Phone, Uscc, new_id};
use serde::Deserialize;
use store::signups::SignupRecord;

use super::{SignupView, activate, audit_step, code, load, mask_email, mask_mobile, view};
use crate::auth::password;
use crate::notify::Lang;
use crate::{App, AppError, Ctx, Result};

/// What the applicant types.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSignup {
    pub uscc: String,
    /// The enterprise's registered name (needed when it is not in the registry yet).
    #[serde(default)]
    pub name: String,
    /// Its district's GB/T 2260 code (needed when it is not in the registry yet).
    #[serde(default)]
    pub district: String,
    pub contact_name: String,
    pub mobile: String,
    pub email: String,
    pub password: String,
}

struct Checked {
    uscc: Uscc,
    mobile: Phone,
    email: Email,
    password: Password,
}

fn check(n: &NewSignup) -> Result<Checked> {
    let mut errs = Vec::new();
    let uscc = Uscc::parse(&n.uscc)
        .map_err(|e| errs.push(FieldError::new("uscc", e.code(), e.to_string())))
        .ok();
    if n.contact_name.trim().is_empty() {
        errs.push(FieldError::new(
            "contact_name",
            "required",
            "the name of the person signing up",
        ));
    }
    let mobile = Phone::mobile(n.mobile.trim())
        .map_err(|e| errs.push(FieldError::new("mobile", e.code(), e.to_string())))
        .ok();
    let email = Email::parse(n.email.trim())
        .map_err(|m| errs.push(FieldError::new("email", "invalid_email", m)))
        .ok();
    let password = Password::parse(&n.password)
        .map_err(|e| errs.push(FieldError::new("password", e.code(), e.to_string())))
        .ok();
    match (uscc, mobile, email, password) {
        (Some(uscc), Some(mobile), Some(email), Some(password)) if errs.is_empty() => Ok(Checked {
            uscc,
            mobile,
            email,
            password,
        }),
        _ => Err(AppError::Invalid(errs)),
    }
}

/// What an enterprise not in the registry must give: its name and a district of the city.
fn unregistered(
    n: &NewSignup,
    city: &std::collections::BTreeSet<DistrictCode>,
) -> Result<(String, DistrictCode)> {
    let mut errs = Vec::new();
    if n.name.trim().is_empty() {
        errs.push(FieldError::new(
            "name",
            "required",
            "the enterprise is not in the registry yet: give its registered name",
        ));
    }
    let district = match DistrictCode::parse(n.district.trim()) {
        Ok(d) if city.contains(&d) => Some(d),
        Ok(_) => {
            errs.push(FieldError::new(
                "district",
                "unknown_district",
                "not one of the city's districts",
            ));
            None
        }
        Err(e) => {
            errs.push(FieldError::new("district", e.code(), e.to_string()));
            None
        }
    };
    match district {
        Some(d) if errs.is_empty() => Ok((n.name.trim().to_owned(), d)),
        _ => Err(AppError::Invalid(errs)),
    }
}

/// Files a sign-up. An enterprise in the registry with a contact there is sent a code to that
/// contact; one without is left to its district official; one not in the registry lands in the
/// district's queue for registration. The code is written in `lang`, the applicant's language.
pub async fn sign_up(app: &App, ctx: &Ctx, n: &NewSignup, lang: Lang) -> Result<SignupView> {
    let c = check(n)?;
    let phc = password::hash_blocking(c.password.expose().to_owned()).await?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let email = c.email.as_str().to_owned();
    if store::users::find_by_email(&mut tx, &email)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "email",
            "email_taken",
            "an account with this e-mail address exists",
        )]));
    }
    let registry = store::enterprises::get(&mut tx, &c.uscc).await?;
    let (name, district) = match &registry {
        Some(e) => (e.name.clone(), e.district.clone()),
        None => unregistered(n, &crate::enterprises::city_districts(&mut tx).await?)?,
    };
    let mut s = SignupRecord {
        id: new_id(),
        uscc: c.uscc,
        name,
        district,
        contact_name: n.contact_name.trim().to_owned(),
        mobile: c.mobile.e164().to_owned(),
        email,
        password_hash: phc,
        state: "awaiting_registration".into(),
        code_hash: None,
        code_expires_at: None,
        code_tries: 0,
        user_id: None,
        decided_by: None,
        created_at: now,
        updated_at: now,
    };
    let to = registry
        .as_ref()
        .map(|e| (e.contact_email.clone(), e.contact_mobile.clone()));
    let mut sent_to = Vec::new();
    let mut one_time = None;
    match &to {
        Some((None, None)) => s.state = "awaiting_approval".into(),
        Some((email, mobile)) => {
            let otp = code::generate();
            s.state = "awaiting_code".into();
            s.code_hash = Some(code::hash(app, s.id, &otp));
            s.code_expires_at = Some(now + code::CODE_TTL_MS);
            sent_to.extend(email.as_deref().map(mask_email));
            sent_to.extend(mobile.as_deref().map(mask_mobile));
            one_time = Some(otp);
        }
        None => {}
    }
    store::signups::insert(&mut tx, &s).await?;
    audit_step(app, &mut tx, ctx, "enterprise_signup_received", None, &s).await?;
    if let (Some(otp), Some((email, mobile))) = (one_time, &to) {
        code::send(
            app,
            &mut tx,
            email.as_deref(),
            mobile.as_deref(),
            &otp,
            lang,
        )
        .await?;
        audit_step(app, &mut tx, ctx, "enterprise_signup_code_sent", None, &s).await?;
    }
    tx.commit().await?;
    Ok(view(&s, sent_to, registry.is_some()))
}

/// Confirms sign-up `id` with the code sent to the registry's contact: the enterprise
/// administrator's account is made. A wrong code counts a try; after the last try the sign-up
/// waits for the district official instead.
pub async fn confirm(app: &App, ctx: &Ctx, id: Id, given: &str) -> Result<SignupView> {
    let now = app.now();
    let mut tx = app.db.begin().await?;
    let mut s = load(&mut tx, id).await?;
    if s.state != "awaiting_code" {
        return Err(AppError::Conflict(
            "no_code_expected",
            "this sign-up does not wait for a code".into(),
        ));
    }
    if s.code_expires_at.is_none_or(|t| t <= now) {
        return Err(AppError::invalid(
            "code",
            "code_expired",
            "the code has expired; sign up again or ask your district official",
        ));
    }
    let right = s
        .code_hash
        .as_deref()
        .is_some_and(|h| code::matches(app, s.id, given, h));
    if right {
        activate(
            app,
            &mut tx,
            ctx,
            &mut s,
            None,
            "enterprise_signup_confirmed",
        )
        .await?;
        tx.commit().await?;
        return Ok(view(&s, Vec::new(), true));
    }
    let before = s.clone();
    s.code_tries += 1;
    s.updated_at = now;
    let last = s.code_tries >= code::MAX_TRIES;
    if last {
        // No more guesses: the district official decides.
        s.state = "awaiting_approval".into();
        s.code_hash = None;
        s.code_expires_at = None;
    }
    store::signups::update(&mut tx, &s).await?;
    audit_step(
        app,
        &mut tx,
        ctx,
        "enterprise_signup_code_failed",
        Some(&before),
        &s,
    )
    .await?;
    tx.commit().await?;
    Err(if last {
        AppError::invalid(
            "code",
            "too_many_tries",
            "too many wrong codes; your district official will review the sign-up",
        )
    } else {
        AppError::invalid("code", "wrong_code", "this is not the code we sent")
    })
}

/// Sign-up `id` as its applicant follows it (public: the id is the applicant's to know).
pub async fn status(app: &App, id: Id) -> Result<SignupView> {
    let mut rd = app.db.read().await?;
    let s = load(&mut rd, id).await?;
    let registry = store::enterprises::get(&mut rd, &s.uscc).await?;
    let mut sent_to = Vec::new();
    if let Some(e) = &registry {
        sent_to.extend(e.contact_email.as_deref().map(mask_email));
        sent_to.extend(e.contact_mobile.as_deref().map(mask_mobile));
    }
    Ok(view(&s, sent_to, registry.is_some()))
}
