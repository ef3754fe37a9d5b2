//! Measure 3's commands: a stand-in group robot (the calendar import is in `imports`).

use std::process::ExitCode;

use anyhow::Context;

use crate::commands::shutdown_signal;

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
