//! The one import/export pipeline every importer plugs into: the work-distribution table, the
//! enterprise registry, the SLA calendar (and, later, funds, suppliers and labour).
//!
//! [`run`] reads the file ([`read`]: CSV in UTF-8 or GB18030, or XLSX), finds the header's
//! columns ([`report::Sheet`]), lets the importer check every row against what it knows
//! ([`Importer::check`]), then lets it write the valid rows in one transaction
//! ([`Importer::apply`]). Strict by default: any defect writes nothing. With skip-invalid the
//! valid rows are written and the refused ones come back with their reasons, ready to be
//! written out as a rejects file. A dry run (and a strict import that found defects) goes all
//! the way through the writing and rolls it back, so its counts are exactly what the valid
//! rows would do. Exports go through [`write`],
//! which neutralises formulas. This module knows no importer; each importer owns its columns,
//! its checks and its writes, and never reads a file itself.

pub mod read;
pub mod report;
pub mod write;

use std::future::Future;

pub use read::{Format, Row};
pub use report::{Column, Counts, ImportReport, Mode, Options, Problem, Reject, Sheet};
pub use write::neutralise;

use crate::{App, AppError, Ctx, Result};

/// An importer: its columns, its checks and its writes.
pub trait Importer: Sync {
    /// What checking needs from the database, read once before the rows.
    type Known: Send + Sync;
    /// A checked row, ready to write.
    type Valid: Send + Sync;

    /// The columns, in the order exports write them.
    fn columns(&self) -> &'static [Column];

    /// Whether CSV lines starting with `#` are notes.
    fn comments(&self) -> bool {
        false
    }

    /// Refuses callers who may not import this.
    fn authorise(&self, ctx: &Ctx) -> Result<()>;

    /// Reads what the checks need.
    fn known(&self, app: &App) -> impl Future<Output = Result<Self::Known>> + Send;

    /// Checks every row of `sheet`: a row with a defect goes to `report.refuse`, the others
    /// come back. Warnings go to `report.warnings`.
    fn check(
        &self,
        known: &Self::Known,
        sheet: &Sheet,
        report: &mut ImportReport,
    ) -> Vec<Self::Valid>;

    /// Writes the valid rows in `tx`, counting what it created, updated and left unchanged.
    fn apply(
        &self,
        app: &App,
        ctx: &Ctx,
        tx: &mut store::Tx,
        file: &[u8],
        valid: Vec<Self::Valid>,
        report: &mut ImportReport,
    ) -> impl Future<Output = Result<()>> + Send;

    /// After a commit (clearing a cache, say).
    fn committed(&self, _app: &App) {}
}

/// Checks a file without the database: reads it and maps its header (for tests and callers
/// who hold the known data themselves).
pub fn sheet_of<I: Importer>(
    imp: &I,
    bytes: &[u8],
    format: Format,
    report: &mut ImportReport,
) -> Result<Option<Sheet>> {
    let rows = read::read_rows(bytes, format, imp.comments())
        .map_err(|m| AppError::invalid("file", "unreadable_file", m))?;
    Ok(Sheet::map(rows, imp.columns(), report))
}

/// Imports `bytes` with `imp`. An unreadable file is `Invalid` on the field `file`; defects of
/// the header or the rows are in the report.
pub async fn run<I: Importer>(
    app: &App,
    ctx: &Ctx,
    imp: &I,
    bytes: &[u8],
    format: Format,
    opts: Options,
) -> Result<ImportReport> {
    imp.authorise(ctx)?;
    let mut report = ImportReport {
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    let Some(sheet) = sheet_of(imp, bytes, format, &mut report)? else {
        return Ok(report);
    };
    let known = imp.known(app).await?;
    let valid = imp.check(&known, &sheet, &mut report);
    report.rows = sheet.rows.len();
    report.valid = valid.len();
    if valid.is_empty() {
        return Ok(report);
    }
    // The valid rows are written even when nothing will be kept (a dry run, a strict import
    // with defects), so that the report always says what they would do.
    let refused = opts.mode == Mode::Strict && !report.errors.is_empty();
    let mut tx = app.db.begin().await?;
    imp.apply(app, ctx, &mut tx, bytes, valid, &mut report)
        .await?;
    let stale = opts.expect.is_some_and(|e| e != report.counts());
    if opts.dry_run || refused || stale {
        // Dropping the transaction rolls it back.
        drop(tx);
        report.changed_since_preview = stale;
    } else {
        tx.commit().await?;
        report.written = true;
        imp.committed(app);
    }
    Ok(report)
}

/// An export: the rows under the importer's own header, so that it imports back unchanged.
pub fn export<I: Importer>(
    imp: &I,
    format: Format,
    sheet: &str,
    rows: &[Vec<String>],
) -> Result<Vec<u8>> {
    let header: Vec<&str> = imp.columns().iter().map(|c| c.name).collect();
    write::write(format, sheet, &header, rows).map_err(AppError::Unexpected)
}
