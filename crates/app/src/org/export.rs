//! Writing the work-distribution table out (CSV or XLSX, the import's header) through the
//! shared pipeline's writer, which neutralises formulas.

use domain::{Action, Phone, Resource};

use super::import::WorkDistribution;
use crate::imports::{self, Format};
use crate::{App, Ctx, Result};

/// The table as a file with the import's header: what was imported comes out the same.
pub async fn export(app: &App, ctx: &Ctx, format: Format) -> Result<Vec<u8>> {
    ctx.require(Resource::PersonalContact, Action::Read)?;
    let mut rd = app.db.read().await?;
    let rows = store::distribution::all(&mut rd).await?;
    let people = store::people::all(&mut rd).await?;
    let area = &app.settings.area_code;
    let who = |id: Option<domain::Id>| people.iter().find(|p| Some(p.id) == id);
    let local = |e: &Option<String>| {
        e.as_deref()
            .map(|e| Phone::from_e164(e).local(area))
            .unwrap_or_default()
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (c, k) = (who(r.chief_id), who(r.contact_id));
            vec![
                r.measure.to_string(),
                r.item.clone(),
                r.division.to_string(),
                if r.leading {
                    "yes".into()
                } else {
                    String::new()
                },
                c.map(|p| p.name.clone()).unwrap_or_default(),
                c.map(|p| local(&p.office_phone)).unwrap_or_default(),
                c.map(|p| local(&p.mobile)).unwrap_or_default(),
                k.map(|p| p.name.clone()).unwrap_or_default(),
                k.map(|p| local(&p.office_phone)).unwrap_or_default(),
                k.map(|p| local(&p.mobile)).unwrap_or_default(),
            ]
        })
        .collect();
    imports::export(&WorkDistribution, format, "work-distribution", &cells)
}
