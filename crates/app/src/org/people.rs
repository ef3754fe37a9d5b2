//! The staff directory and the working group (measure 10).
//!
//! Mobile numbers are personal data: roles without `PersonalContact:Read` see them masked.

use domain::{Action, Phone, Resource};
use serde::Serialize;
use store::people::PersonRecord;

use crate::{App, AppError, Ctx, Page, Result};

/// A phone as shown to this caller: text to display, and the E.164 target of a `tel:` link
/// (absent when the number is masked).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct PhoneView {
    pub display: String,
    pub tel: Option<String>,
}

pub(crate) fn office_view(app: &App, e164: Option<&str>) -> Option<PhoneView> {
    e164.map(|e| {
        let p = Phone::from_e164(e);
        PhoneView {
            display: p.display(&app.settings.area_code),
            tel: Some(p.e164().to_owned()),
        }
    })
}

pub(crate) fn mobile_view(app: &App, ctx: &Ctx, e164: Option<&str>) -> Option<PhoneView> {
    e164.map(|e| {
        let p = Phone::from_e164(e);
        if ctx.can(Resource::PersonalContact, Action::Read) {
            PhoneView {
                display: p.display(&app.settings.area_code),
                tel: Some(p.e164().to_owned()),
            }
        } else {
            PhoneView {
                display: p.masked(),
                tel: None,
            }
        }
    })
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub title: String,
    pub division: Option<String>,
    pub office_phone: Option<PhoneView>,
    pub mobile: Option<PhoneView>,
    pub email: Option<String>,
    pub wg_role: String,
}

pub(crate) fn person_view(app: &App, ctx: &Ctx, p: &PersonRecord) -> PersonView {
    PersonView {
        id: p.id.to_string(),
        name: p.name.clone(),
        name_en: p.name_en.clone(),
        title: p.title.clone(),
        division: p.division.map(|d| d.as_str().to_owned()),
        office_phone: office_view(app, p.office_phone.as_deref()),
        mobile: mobile_view(app, ctx, p.mobile.as_deref()),
        email: p.email.clone(),
        wg_role: p.wg_role.clone(),
    }
}

/// The directory, searched by name, English name, title or e-mail, optionally in one division.
pub async fn directory(
    app: &App,
    ctx: &Ctx,
    text: Option<&str>,
    division: Option<&str>,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Page<PersonView>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let division = match division.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(
            domain::DivisionCode::parse(d)
                .map_err(|m| AppError::invalid("division", m.code(), m.to_string()))?,
        ),
        None => None,
    };
    let mut rd = app.db.read().await?;
    let page = store::people::search(&mut rd, text, division, limit, cursor).await?;
    Ok(Page {
        items: page
            .items
            .iter()
            .map(|p| person_view(app, ctx, p))
            .collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// Measure 10: the director leads, the deputy directors are deputy leaders, and the six
/// divisions are members, each with its chief.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WorkingGroup {
    pub leader: Option<PersonView>,
    pub deputies: Vec<PersonView>,
    pub divisions: Vec<MemberDivision>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MemberDivision {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub chief: Option<PersonView>,
    pub people: usize,
}

pub async fn working_group(app: &App, ctx: &Ctx) -> Result<WorkingGroup> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let mut rd = app.db.read().await?;
    let people = store::people::all(&mut rd).await?;
    let divisions = store::org::list_divisions(&mut rd).await?;
    let rows = store::distribution::all(&mut rd).await?;
    let leader = people
        .iter()
        .find(|p| p.wg_role == "leader")
        .map(|p| person_view(app, ctx, p));
    let deputies = people
        .iter()
        .filter(|p| p.wg_role == "deputy_leader")
        .map(|p| person_view(app, ctx, p))
        .collect();
    let divisions = divisions
        .into_iter()
        .map(|d| {
            // The chief named for the division in the work-distribution table, else one titled chief.
            let chief = rows
                .iter()
                .filter(|r| r.division == d.code)
                .find_map(|r| r.chief_id)
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| person_view(app, ctx, p));
            let count = people.iter().filter(|p| p.division == Some(d.code)).count();
            MemberDivision {
                code: d.code.as_str().to_owned(),
                name_zh: d.name_zh,
                name_en: d.name_en,
                chief,
                people: count,
            }
        })
        .collect();
    Ok(WorkingGroup {
        leader,
        deputies,
        divisions,
    })
}

/// An admin's edit of a directory entry; `None` leaves a field as it is, and for the e-mail
/// and the linked user `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    pub name_en: Option<Option<String>>,
    pub title: Option<String>,
    pub email: Option<Option<String>>,
    pub wg_role: Option<String>,
    pub user_id: Option<Option<domain::Id>>,
}

/// Edits a person: title, English name, e-mail, the linked account, and their place in the
/// working group (measure 10: one leader, any number of deputy leaders).
pub async fn update_person(
    app: &App,
    ctx: &Ctx,
    id: domain::Id,
    p: &PersonPatch,
) -> Result<PersonView> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut errs = Vec::new();
    if let Some(r) = &p.wg_role
        && !["none", "leader", "deputy_leader"].contains(&r.as_str())
    {
        errs.push(domain::FieldError::new(
            "wg_role",
            "unknown_wg_role",
            "the working-group roles are none, leader, deputy_leader",
        ));
    }
    let email = match &p.email {
        Some(Some(e)) => match domain::Email::parse(e) {
            Ok(e) => Some(Some(e.as_str().to_owned())),
            Err(m) => {
                errs.push(domain::FieldError::new("email", "invalid_email", m));
                None
            }
        },
        Some(None) => Some(None),
        None => None,
    };
    let mut tx = app.db.begin().await?;
    let before = store::people::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(Some(uid)) = p.user_id
        && store::users::get(&mut tx, uid).await?.is_none()
    {
        errs.push(domain::FieldError::new(
            "user_id",
            "unknown_user",
            "no account has this id",
        ));
    }
    if p.wg_role.as_deref() == Some("leader")
        && let Some(other) = store::people::all(&mut tx)
            .await?
            .into_iter()
            .find(|x| x.wg_role == "leader" && x.id != id)
    {
        errs.push(domain::FieldError::new(
            "wg_role",
            "leader_taken",
            format!("{} already leads the working group", other.name),
        ));
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut after = before.clone();
    if let Some(v) = &p.name_en {
        after.name_en = v.clone().filter(|s| !s.trim().is_empty());
    }
    if let Some(t) = &p.title {
        after.title = t.trim().to_owned();
    }
    if let Some(e) = email {
        after.email = e;
    }
    if let Some(r) = &p.wg_role {
        after.wg_role = r.clone();
    }
    if let Some(u) = p.user_id {
        after.user_id = u;
    }
    after.updated_at = app.now();
    store::people::update(&mut tx, &after).await?;
    let change = crate::audit::Change {
        action: "person_updated",
        object_type: "person",
        object_id: id.to_string(),
        before: Some(super::import::person_json(&before)),
        after: Some(super::import::person_json(&after)),
    };
    crate::audit::record(app, &mut tx, ctx, change).await?;
    tx.commit().await?;
    Ok(person_view(app, ctx, &after))
}
