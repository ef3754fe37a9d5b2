//! Who an enterprise turns to (measure 1): its designated district official and its bureau
//! contact, with their phones, as the enterprise's own users see them on the portal home.
//! Their work numbers are shown in full to the enterprise they are designated to: reaching
//! them is the point of the designation.

use domain::{Action, Id, Phone, Resource, Uscc};
use serde::Serialize;
use store::Tx;

use crate::org::people::PhoneView;
use crate::{App, AppError, Ctx, Result};

/// A person the enterprise may call.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LiaisonView {
    pub name: String,
    pub title: String,
    pub office_phone: Option<PhoneView>,
    pub mobile: Option<PhoneView>,
    pub email: Option<String>,
}

/// The enterprise's designated official and its bureau contact (either may be missing).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Liaisons {
    pub official: Option<LiaisonView>,
    pub contact: Option<LiaisonView>,
}

fn shown(app: &App, e164: Option<&str>) -> Option<PhoneView> {
    e164.map(|e| {
        let p = Phone::from_e164(e);
        PhoneView {
            display: p.display(&app.settings.area_code),
            tel: Some(p.e164().to_owned()),
        }
    })
}

fn person(app: &App, p: &store::people::PersonRecord) -> LiaisonView {
    LiaisonView {
        name: p.name.clone(),
        title: p.title.clone(),
        office_phone: shown(app, p.office_phone.as_deref()),
        mobile: shown(app, p.mobile.as_deref()),
        email: p.email.clone(),
    }
}

async fn official(app: &App, rd: &mut Tx, id: Id) -> Result<Option<LiaisonView>> {
    let Some(u) = store::users::get(rd, id).await? else {
        return Ok(None);
    };
    Ok(Some(
        match store::people::find_for_user(rd, u.id, &u.email).await? {
            Some(p) => person(app, &p),
            None => LiaisonView {
                name: u.name,
                title: String::new(),
                office_phone: None,
                mobile: None,
                email: Some(u.email),
            },
        },
    ))
}

/// The liaisons of enterprise `uscc`, within the caller's scope of enterprises.
pub async fn liaisons(app: &App, ctx: &Ctx, uscc: &str) -> Result<Liaisons> {
    ctx.require(Resource::Enterprise, Action::Read)?;
    // The enterprise's own scope check: another enterprise is "not found".
    let e = super::get(app, ctx, uscc).await?;
    let uscc = Uscc::parse(&e.uscc).map_err(|_| AppError::NotFound)?;
    let mut rd = app.db.read().await?;
    let rec = store::enterprises::get(&mut rd, &uscc)
        .await?
        .ok_or(AppError::NotFound)?;
    let official = match rec.official_id {
        Some(id) => official(app, &mut rd, id).await?,
        None => None,
    };
    let contact = match rec.contact_person_id {
        Some(id) => store::people::get(&mut rd, id)
            .await?
            .map(|p| person(app, &p)),
        None => None,
    };
    Ok(Liaisons { official, contact })
}
