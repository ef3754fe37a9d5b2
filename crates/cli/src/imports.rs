//! The import and export commands, one per importer of the shared pipeline
//! (`app::imports`): each reads the file, runs its importer, and reports the same way: every
//! defect by row, column, value and reason on standard error, the refused rows in `--rejects`,
//! and exit code 2 when a strict import (or a dry run) found defects.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use app::Ctx;
use app::imports::{Format, ImportReport, Mode, Options};

use crate::commands::open;
use crate::config::Config;

fn read_file(path: &Path) -> anyhow::Result<(Vec<u8>, Format)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let format = Format::detect(&path.display().to_string(), &bytes);
    Ok((bytes, format))
}

/// An import as asked on the command line.
pub struct Run<'a> {
    pub file: &'a Path,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub rejects: Option<&'a Path>,
}

impl Run<'_> {
    fn options(&self) -> Options {
        Options::new(self.dry_run, self.skip_invalid)
    }
}

/// Prints an import's problems and counts, writes the rejects; exit 2 when nothing was written
/// because of errors. `noun` names what the rows are ("rows", "calendar days").
fn finish(
    run: &Run,
    result: app::Result<ImportReport>,
    noun: &str,
    people: bool,
) -> anyhow::Result<ExitCode> {
    let report = match result {
        Ok(r) => r,
        Err(app::AppError::Invalid(errs)) => {
            for e in errs {
                eprintln!("{}: {}", run.file.display(), e.message);
            }
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    if let Some(out) = run.rejects.filter(|_| !report.rejects.is_empty()) {
        let csv = report.rejects_csv()?;
        std::fs::write(out, csv).with_context(|| format!("writing {}", out.display()))?;
        eprintln!(
            "{} rejected rows written to {} with their reasons",
            report.rejects.len(),
            out.display()
        );
    }
    println!(
        "{} rows read, {} valid, {} errors, {} warnings",
        report.rows,
        report.valid,
        report.errors.len(),
        report.warnings.len()
    );
    let mut line = format!(
        "{} {noun} created, {} updated, {} unchanged",
        report.created, report.updated, report.unchanged
    );
    if people {
        line.push_str(&format!(
            "; {} people added, {} updated",
            report.people_created, report.people_updated
        ));
    }
    if report.written {
        println!("written: {line}");
    } else if run.dry_run {
        if report.valid > 0 {
            println!("the valid rows would leave {line}");
        }
        println!("dry run: nothing was written");
    } else {
        println!("nothing was written");
    }
    let failed = !report.errors.is_empty() && (run.options().mode == Mode::Strict || run.dry_run);
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

pub async fn work_distribution(cfg: &Config, run: &Run<'_>) -> anyhow::Result<ExitCode> {
    let (bytes, format) = read_file(run.file)?;
    let app = open(cfg, false).await?;
    let ctx = Ctx::system("cli");
    let result = app::org::import::import(&app, &ctx, &bytes, format, run.options()).await;
    finish(run, result, "rows", true)
}

pub async fn calendar(cfg: &Config, run: &Run<'_>) -> anyhow::Result<ExitCode> {
    let (bytes, format) = read_file(run.file)?;
    let app = open(cfg, false).await?;
    let ctx = Ctx::system("cli");
    let result = app::cases::calendar::import(&app, &ctx, &bytes, format, run.options()).await;
    finish(run, result, "calendar days", false)
}

/// A progress bar on standard error, only when it is a terminal.
fn progress_bar(done: usize, total: usize) {
    use std::io::Write;
    if !std::io::stderr().is_terminal() || total == 0 {
        return;
    }
    let width = 40;
    let filled = (done.min(total) * width) / total;
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        " ".repeat(width - filled)
    );
    if done >= total {
        let _ = writeln!(err);
    }
    let _ = err.flush();
}

pub async fn enterprises(cfg: &Config, run: &Run<'_>) -> anyhow::Result<ExitCode> {
    let (bytes, format) = read_file(run.file)?;
    let app = open(cfg, false).await?;
    let ctx = Ctx::system("cli");
    let result =
        app::enterprises::import::import(&app, &ctx, &bytes, format, run.options(), &progress_bar)
            .await;
    finish(run, result, "rows", false)
}

pub async fn export_enterprises(
    cfg: &Config,
    format: &str,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let format = Format::parse(format).map_err(anyhow::Error::msg)?;
    let app = open(cfg, false).await?;
    let bytes = app::enterprises::import::export(&app, &Ctx::system("cli"), format).await?;
    write_out(&bytes, out)
}

pub async fn export_work_distribution(
    cfg: &Config,
    format: &str,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let format = Format::parse(format).map_err(anyhow::Error::msg)?;
    let app = open(cfg, false).await?;
    let bytes = app::org::import::export(&app, &Ctx::system("cli"), format).await?;
    write_out(&bytes, out)
}

fn write_out(bytes: &[u8], out: Option<&Path>) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    match out {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("writing {}", p.display()))?;
            eprintln!("exported to {}", p.display());
        }
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn districts(cfg: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    let (bytes, format) = read_file(file)?;
    let app = open(cfg, false).await?;
    match app::org::import_districts(&app, &Ctx::system("cli"), &bytes, format).await {
        Ok(n) => {
            println!("{n} districts loaded");
            Ok(ExitCode::SUCCESS)
        }
        Err(app::AppError::Invalid(errs)) => {
            for e in errs {
                eprintln!("error: {}: {}", e.field, e.message);
            }
            println!("nothing was written");
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}
