//! Writing the work-distribution table out (CSV or XLSX, the import's header) and the rejected
//! rows of an import, so that they can be fixed and imported again.

use domain::{Action, Phone, Resource};

use super::check::{HEADER, Reject};
use crate::files::{self, Format};
use crate::{App, AppError, Ctx, Result};

/// The table as a file with [`HEADER`]: what was imported comes out the same.
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
                r.division.clone(),
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
    match format {
        Format::Csv => files::write_csv(&HEADER, &cells),
        Format::Xlsx => files::write_xlsx("work-distribution", &HEADER, &cells),
    }
    .map_err(AppError::Unexpected)
}

/// The rejected rows as a CSV to fix and import again: the original cells plus the reasons.
pub fn rejects_csv(header: &[String], rejects: &[Reject]) -> Result<Vec<u8>> {
    let mut head: Vec<&str> = header.iter().map(String::as_str).collect();
    head.push("errors");
    let rows: Vec<Vec<String>> = rejects
        .iter()
        .map(|r| {
            let mut cells = r.cells.clone();
            cells.resize(header.len(), String::new());
            cells.push(r.reasons.join("; "));
            cells
        })
        .collect();
    files::write_csv(&head, &rows).map_err(AppError::Unexpected)
}

/// The header row of a file, for writing rejects in the file's own columns.
pub fn header_of(bytes: &[u8], format: Format) -> Vec<String> {
    files::read_table(bytes, format)
        .ok()
        .and_then(|t| t.into_iter().next())
        .unwrap_or_else(|| HEADER.iter().map(|s| (*s).to_owned()).collect())
}
