//! Measure 3's commands: the SLA calendar import and a stand-in group robot.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use app::Ctx;

use crate::commands::{open, shutdown_signal};
use crate::config::Config;

pub async fn import_calendar(cfg: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {} as UTF-8 text", file.display()))?;
    let app = open(cfg, false).await?;
    match app::consulting::sla::import_calendar(&app, &Ctx::system("cli"), &text).await {
        Ok(n) => {
            println!("{n} calendar days changed");
            Ok(ExitCode::SUCCESS)
        }
        Err(app::AppError::Invalid(errs)) => {
            for e in errs {
                eprintln!("error: {}", e.message);
            }
            println!("nothing was written");
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

/// Prints what Lifeline posts to a group robot, and answers as a WeCom robot does.
pub async fn webhook_receiver(bind: &str) -> anyhow::Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    println!(
        "Receiving robot messages on http://{}/robot",
        listener.local_addr()?
    );
    web::robot_receiver(listener, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}
