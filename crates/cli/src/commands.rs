//! The commands. Each opens the store, calls use cases from `app`, and prints the result.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use app::{App, DbConfig, Keys, SystemClock};

use crate::config::Config;

pub fn init_logging(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cfg.log_format == "json" {
        builder.json().init();
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

/// The master secret: from configuration, else `<data-dir>/secret.key` (made when `create`).
fn master_key(cfg: &Config, create: bool) -> anyhow::Result<Vec<u8>> {
    if let Some(k) = &cfg.secret_key {
        return Ok(k.0.as_bytes().to_vec());
    }
    let path = cfg.data_dir.join("secret.key");
    if path.is_file() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        return hex::decode(text.trim()).with_context(|| format!("{} is damaged", path.display()));
    }
    if !create {
        bail!(
            "no secret key: set LIFELINE_SECRET_KEY, or restore {} (it signs the audit trail and API tokens)",
            path.display()
        );
    }
    std::fs::create_dir_all(&cfg.data_dir)
        .with_context(|| format!("creating {}", cfg.data_dir.display()))?;
    let key = app::random_bytes::<32>();
    write_private(&path, &hex::encode(key))?;
    tracing::info!(path = %path.display(), "created a new secret key; back it up with the database");
    Ok(key.to_vec())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("creating {}", path.display()))
}

/// Opens the store and applies migrations. `create` allows a new, empty SQLite store.
pub async fn open(cfg: &Config, create: bool) -> anyhow::Result<App> {
    let db_cfg = match &cfg.database_url {
        Some(url) => DbConfig::from_url(&url.0, create).map_err(anyhow::Error::msg)?,
        None => {
            if create {
                std::fs::create_dir_all(&cfg.data_dir)
                    .with_context(|| format!("creating {}", cfg.data_dir.display()))?;
            }
            DbConfig::Sqlite {
                path: cfg.sqlite_path(),
                create,
            }
        }
    };
    let is_pg = matches!(db_cfg, DbConfig::Postgres { .. });
    let db = app::Db::connect(&db_cfg).await.map_err(|e| match (&db_cfg, create) {
        (DbConfig::Sqlite { path, .. }, false) if !path.exists() => anyhow::anyhow!(
            "no Lifeline database at {}. Create one with `lifeline migrate --data-dir {}`, or try `lifeline demo`",
            path.display(),
            cfg.data_dir.display()
        ),
        _ => anyhow::anyhow!("{e}"),
    })?;
    // Only `migrate` and `demo` make a key. Several instances sharing one PostgreSQL must all
    // be given the same LIFELINE_SECRET_KEY, or the audit chain and tokens would not verify.
    if is_pg && cfg.secret_key.is_none() {
        tracing::warn!(
            "PostgreSQL with the secret key in the data folder: give every instance the same LIFELINE_SECRET_KEY instead"
        );
    }
    let key = master_key(cfg, create)?;
    let app = App::new(db, Keys::from_master(&key), Arc::new(SystemClock))
        .with_settings(cfg.settings())
        .with_notify(cfg.notify());
    let ran = app.migrate().await.context("applying migrations")?;
    if ran > 0 {
        tracing::info!(ran, "migrations applied");
    }
    app::org::seed_reference(&app)
        .await
        .context("seeding the divisions and measures")?;
    Ok(app)
}

pub async fn migrate(cfg: &Config) -> anyhow::Result<ExitCode> {
    let app = open(cfg, true).await?;
    println!("database ready ({:?})", app.db.backend());
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown requested");
}

pub async fn serve(cfg: &Config, demo: bool) -> anyhow::Result<ExitCode> {
    let mut app = open(cfg, demo).await?;
    let mut mail_sink = None;
    if demo {
        // The demo's data tells people of its cases in their inboxes only; no e-mail.
        let quiet = app.clone().with_notify(app::notify::Config::default());
        let seeded = app::demo::seed(&quiet).await.context("seeding the demo")?;
        println!(
            "{}",
            if seeded {
                "Demo bureau created."
            } else {
                "Demo data already present; serving it."
            }
        );
    }
    if demo && cfg.smtp_url.is_none() {
        // An SMTP server on loopback catches the demo's e-mail; admins read it at
        // /staff/outgoing-mail.
        let sink = app::demo::mail_sink::MailSink::start()
            .await
            .context("starting the demo's SMTP sink")?;
        app = app.with_notify(app::notify::Config {
            smtp_url: Some(sink.url()),
            mail_from: cfg.mail_from.clone(),
            sms_gateway_url: cfg.sms_gateway_url.as_ref().map(|s| s.0.clone()),
        });
        println!(
            "E-mail goes to an SMTP sink on {}; read it at /staff/outgoing-mail (admin).",
            sink.url()
        );
        mail_sink = Some(sink);
    }
    let settings = web::WebSettings {
        mail_sink,
        secure_cookies: cfg.secure_cookies,
        body_limit: cfg.body_limit_bytes,
        request_timeout: Duration::from_secs(cfg.request_timeout_secs),
        header_timeout: Duration::from_secs(10),
        admission: cfg.admission,
    };
    let settings_header_timeout = settings.header_timeout;
    let state = web::AppState::new(app.clone(), settings).map_err(anyhow::Error::msg)?;
    let listener = tokio::net::TcpListener::bind(&cfg.bind)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.bind))?;
    let addr = listener.local_addr()?;
    println!("Lifeline is listening on http://{addr}/");
    if demo {
        println!(
            "Sign in at http://{addr}/login with any of these accounts (password: {}):",
            app::demo::DEMO_PASSWORD
        );
        for (email, name, role, ..) in app::demo::DEMO_USERS {
            println!("  {role:<18} {email:<40} {name}");
        }
        for (email, name, _) in app::demo::MORE_OFFICIALS {
            println!("  {:<18} {email:<40} {name}", "district_official");
        }
        if let Ok(Some((id, secret))) = app::demo_consulting::demo_group(&app).await {
            println!(
                "Measure 3: ask in the demo WeCom group (its robot: `lifeline webhook-receiver` in another terminal):"
            );
            println!(
                "  body='{{\"message_id\":\"demo-1\",\"sender\":{{\"id\":\"wx_chen\",\"name\":\"陈总\"}},\"text\":\"出口信用保险保费补贴怎么申请？\"}}'"
            );
            println!(
                "  sig=$(printf %s \"$body\" | openssl dgst -sha256 -hmac '{secret}' | sed 's/.* //')"
            );
            println!(
                "  curl -H \"x-lifeline-signature: sha256=$sig\" -H 'content-type: application/json' -d \"$body\" http://{addr}/hooks/messaging/{id}"
            );
        }
    }
    // The query planner's statistics: now, and every six hours (a bureau's store grows fast
    // in a surge, and a plan chosen for a small table can sort every open case).
    let stats_app = app.clone();
    let stats = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(6 * 3600));
        loop {
            every.tick().await;
            if let Err(e) = stats_app.db.optimize().await {
                tracing::warn!(error = %e, "could not refresh the query planner's statistics");
            }
        }
    });
    // Queued jobs (replies to messaging groups, …) wait until this worker runs them.
    let (stop_jobs, jobs_stop) = tokio::sync::watch::channel(false);
    let jobs = app::jobs::worker::spawn(app.clone(), jobs_stop.clone());
    // SLA and decision notices every five minutes, the officials' digest each morning.
    let scans = tokio::spawn(app::notify::scan::run(app.clone(), jobs_stop));
    web::serve(
        listener,
        web::router(state),
        settings_header_timeout,
        shutdown_signal(),
    )
    .await?;
    // The worker claims nothing new and finishes the batch it holds.
    let _ = stop_jobs.send(true);
    let _ = scans.await;
    if let Err(e) = jobs.await {
        tracing::warn!(error = %e, "the job worker ended badly");
    }
    stats.abort();
    app.db.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn audit_verify(cfg: &Config) -> anyhow::Result<ExitCode> {
    let app = open(cfg, false).await?;
    match app::audit::verify(&app).await? {
        Ok(n) => {
            println!("audit chain is whole: {n} entries verified");
            Ok(ExitCode::SUCCESS)
        }
        Err(b) => {
            println!(
                "audit chain is BROKEN at entry {} (id {}): {}",
                b.seq,
                if b.id.is_empty() { "-" } else { &b.id },
                b.reason
            );
            Ok(ExitCode::from(1))
        }
    }
}

pub async fn backup(cfg: &Config, to: &Path) -> anyhow::Result<ExitCode> {
    if to.exists() {
        bail!("{} exists; choose a new file", to.display());
    }
    let app = open(cfg, false).await?;
    app.db.backup_to(to).await?;
    println!("backed up to {}", to.display());
    Ok(ExitCode::SUCCESS)
}
