//! Accounts at the command line: create, list and disable users, and make API tokens.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use app::Ctx;
use app::auth::users::{self, NewUser};

use crate::commands::open;
use crate::config::Config;

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn print_invalid(e: &app::AppError) {
    if let app::AppError::Invalid(errs) = e {
        for fe in errs {
            eprintln!("  {}: {}", fe.field, fe.message);
        }
    }
}

pub async fn user_create(
    cfg: &Config,
    email: String,
    name: String,
    role: String,
    division: Option<String>,
    district: Option<String>,
    enterprise: Option<String>,
) -> anyhow::Result<ExitCode> {
    let password = read_password()?;
    let app = open(cfg, false).await?;
    let n = NewUser {
        email,
        name,
        role,
        division,
        district,
        enterprise,
        password,
    };
    match users::create(&app, &Ctx::system("cli"), &n).await {
        Ok(u) => {
            println!("created {} ({}) id {}", u.email, u.role, u.id);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: the account was not created:");
            print_invalid(&e);
            if !matches!(e, app::AppError::Invalid(_)) {
                eprintln!("  {e}");
            }
            Ok(ExitCode::from(2))
        }
    }
}

pub async fn user_list(cfg: &Config) -> anyhow::Result<ExitCode> {
    let app = open(cfg, false).await?;
    let ctx = Ctx::system("cli");
    let mut cursor = None;
    println!(
        "{:<40} {:<18} {:<10} {:<8} NAME",
        "EMAIL", "ROLE", "SCOPE", "STATUS"
    );
    loop {
        let page = users::list(&app, &ctx, 200, cursor.as_deref()).await?;
        for u in &page.items {
            let scope = u
                .division
                .clone()
                .or(u.district.clone())
                .or(u.enterprise.clone())
                .unwrap_or_else(|| "-".into());
            println!(
                "{:<40} {:<18} {:<10} {:<8} {}",
                u.email,
                u.role.as_str(),
                scope,
                if u.disabled { "disabled" } else { "active" },
                u.name
            );
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn user_disable(cfg: &Config, email: &str) -> anyhow::Result<ExitCode> {
    let app = open(cfg, false).await?;
    let ctx = Ctx::system("cli");
    let u = users::find_by_email(&app, &ctx, email)
        .await
        .map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
    users::disable(&app, &ctx, u.id).await?;
    println!("disabled {email}; its sessions have ended");
    Ok(ExitCode::SUCCESS)
}

pub async fn token_create(
    cfg: &Config,
    email: &str,
    label: &str,
    expires_days: Option<i64>,
) -> anyhow::Result<ExitCode> {
    let app = open(cfg, false).await?;
    match app::auth::tokens::create(&app, &Ctx::system("cli"), email, label, expires_days).await {
        Ok(token) => {
            println!(
                "API token for {email} (label \"{label}\"). It is shown only now; store it safely:"
            );
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Err(app::AppError::NotFound) => bail!("no account with the e-mail address {email}"),
        Err(e) => {
            print_invalid(&e);
            Err(e.into())
        }
    }
}
