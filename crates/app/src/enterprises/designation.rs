//! Who is designated to an enterprise (measure 1): its district official and its bureau
//! contact, each change audited and kept as history.

use domain::{Action, FieldError, Id, Resource, Role, Uscc, new_id};
use serde::Serialize;
use serde_json::json;
use store::enterprises::{DesignationRecord, EnterpriseRecord};

use super::{EnterpriseView, get, view};
use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DesignationView {
    pub official_id: Option<String>,
    pub contact_person_id: Option<String>,
    pub reason: String,
    pub actor: String,
    pub at: i64,
}

/// Tells a newly designated official, and the enterprise's users, in the designation's
/// transaction.
async fn tell(
    app: &App,
    tx: &mut store::Tx,
    before: &EnterpriseRecord,
    official: Option<Id>,
) -> Result<()> {
    if let Some(o) = official.filter(|o| before.official_id != Some(*o)) {
        let event = crate::notify::Event::Designated {
            uscc: before.uscc.clone(),
            official: o,
        };
        crate::notify::emit(tx, app, event).await?;
    }
    Ok(())
}

/// Designates the district official and the bureau contact of an enterprise (measure 1).
///
/// The official must be a district official of the enterprise's district; the contact must be
/// a person named in measure 1's rows of the work-distribution table. District officials
/// designate within their district only, and leave the bureau contact as it is.
pub async fn designate(
    app: &App,
    ctx: &Ctx,
    uscc: &str,
    official: Option<Id>,
    contact: Option<Id>,
    reason: &str,
) -> Result<EnterpriseView> {
    ctx.require(Resource::Designation, Action::Update)?;
    let uscc = Uscc::parse(uscc).map_err(|_| AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let before = store::enterprises::get(&mut tx, &uscc)
        .await?
        .filter(|e| super::visible(&super::scope_for(ctx), e))
        .ok_or(AppError::NotFound)?;
    // A district official designates the officials of their district; the bureau contact is
    // the bureau's to name, so theirs stays as it is.
    let by_official = ctx
        .principal()
        .is_some_and(|p| p.role == Role::DistrictOfficial);
    let contact = if by_official {
        match contact {
            None => before.contact_person_id,
            Some(c) if Some(c) == before.contact_person_id => Some(c),
            Some(_) => return Err(AppError::Forbidden),
        }
    } else {
        contact
    };
    let mut errs = Vec::new();
    if let Some(id) = official {
        match store::users::get(&mut tx, id).await? {
            Some(u)
                if u.role == Role::DistrictOfficial
                    && u.district.as_ref() == Some(&before.district)
                    && !u.disabled => {}
            Some(u) if u.role == Role::DistrictOfficial => errs.push(FieldError::new(
                "official",
                "wrong_district",
                format!(
                    "{} is an official of district {}, not {}",
                    u.email,
                    u.district.as_ref().map_or("", |d| d.as_str()),
                    before.district
                ),
            )),
            _ => errs.push(FieldError::new(
                "official",
                "not_an_official",
                "choose an active user with the district_official role",
            )),
        }
    }
    if let Some(id) = contact {
        let measure1 = store::distribution::for_measure(&mut tx, domain::MeasureNo::ONE).await?;
        if !measure1
            .iter()
            .any(|r| r.chief_id == Some(id) || r.contact_id == Some(id))
        {
            errs.push(FieldError::new(
                "contact",
                "not_a_measure_1_contact",
                "choose a chief or contact named for measure 1 in the work-distribution table",
            ));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let now = app.now();
    let after = EnterpriseRecord {
        official_id: official,
        contact_person_id: contact,
        updated_at: now,
        ..before.clone()
    };
    store::enterprises::update(&mut tx, &after).await?;
    let (_, actor) = ctx.actor_label();
    store::enterprises::insert_designation(
        &mut tx,
        &DesignationRecord {
            id: new_id(),
            uscc: before.uscc.clone(),
            official_id: official,
            contact_person_id: contact,
            reason: reason.trim().to_owned(),
            actor,
            at: now,
        },
    )
    .await?;
    audit::record(app, &mut tx, ctx, Change {
        action: "enterprise_designated",
        object_type: "enterprise",
        object_id: before.uscc.to_string(),
        before: Some(json!({"official_id": before.official_id, "contact_person_id": before.contact_person_id})),
        after: Some(json!({"official_id": official, "contact_person_id": contact, "reason": reason.trim()})),
    })
    .await?;
    tell(app, &mut tx, &before, official).await?;
    tx.commit().await?;
    Ok(view(app, ctx, &after))
}

pub async fn designations(app: &App, ctx: &Ctx, uscc: &str) -> Result<Vec<DesignationView>> {
    get(app, ctx, uscc).await?;
    let mut rd = app.db.read().await?;
    Ok(store::enterprises::designations(
        &mut rd,
        &Uscc::parse(uscc).map_err(|_| AppError::NotFound)?,
    )
    .await?
    .into_iter()
    .map(|d| DesignationView {
        official_id: d.official_id.map(|i| i.to_string()),
        contact_person_id: d.contact_person_id.map(|i| i.to_string()),
        reason: d.reason,
        actor: d.actor,
        at: d.at,
    })
    .collect())
}
