//! `lifeline`: the one binary. Every command takes `--data-dir` and `--database-url` (or
//! `LIFELINE_DATA_DIR`, `LIFELINE_DATABASE_URL`) and reads `lifeline.toml` when present.

mod accounts;
mod admission;
mod commands;
mod config;
mod consulting;
mod imports;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lifeline",
    version,
    about = "Lifeline: the enterprise-assistance system of a city Bureau of Commerce"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug)]
struct Global {
    /// Configuration file (default: ./lifeline.toml when it exists).
    #[arg(long, global = true, env = "LIFELINE_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the embedded database and the secret key [default: ./lifeline-data].
    #[arg(long, global = true, env = "LIFELINE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL (postgres://…) or SQLite (sqlite:PATH) URL instead of the data folder's database.
    #[arg(
        long,
        global = true,
        env = "LIFELINE_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Master secret (32+ characters) instead of <data-dir>/secret.key.
    #[arg(
        long,
        global = true,
        env = "LIFELINE_SECRET_KEY",
        hide_env_values = true
    )]
    secret_key: Option<String>,
    /// "text" or "json" logs.
    #[arg(long, global = true, env = "LIFELINE_LOG_FORMAT")]
    log_format: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve Lifeline (migrations run first).
    Serve(ServeArgs),
    /// Fill an empty data folder with a demo bureau, then serve it.
    Demo(ServeArgs),
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Print the effective configuration, secrets redacted.
    PrintConfig,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import a table from CSV or XLSX.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export a table as CSV or XLSX.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Copy the SQLite database to a file (consistent, online).
    Backup {
        /// Where to write the copy.
        #[arg(long)]
        to: PathBuf,
    },
    /// A local stand-in for a group robot: prints every message Lifeline posts to it.
    WebhookReceiver {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8099")]
        bind: String,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "LIFELINE_BIND")]
    bind: Option<String>,
    /// Mark cookies Secure (behind HTTPS).
    #[arg(long, env = "LIFELINE_SECURE_COOKIES")]
    secure_cookies: Option<bool>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, leader, division_chief, division_staff, district_official, reviewer, auditor, enterprise_user, partner
        #[arg(long)]
        role: String,
        /// Division code (IP1, IP2, IP3, FT, OIEC, GLA) for division chiefs and staff.
        #[arg(long)]
        division: Option<String>,
        /// GB/T 2260 district code for district officials.
        #[arg(long)]
        district: Option<String>,
        /// USCC of the enterprise for enterprise users.
        #[arg(long)]
        enterprise: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Disable an account and end its sessions.
    Disable {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token; it is printed once, as the last line.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "api")]
        label: String,
        #[arg(long)]
        expires_days: Option<i64>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// The Table of Work Distribution. Strict: any invalid cell writes nothing and exits 2.
    WorkDistribution {
        /// A .csv or .xlsx file with the header
        /// measure,item,division,leading,chief_name,chief_office_phone,chief_mobile,contact_name,contact_office_phone,contact_mobile
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// Districts, counties and pilot areas: code,name_zh,name_en,kind.
    Districts { file: PathBuf },
    /// The SLA calendar's public holidays and make-up working days. Strict: any invalid cell
    /// writes nothing and exits 2.
    Calendar {
        /// A .csv (UTF-8 or GB18030) or .xlsx file with the header date,type,name
        /// (type holiday or workday, or 休 / 班)
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// The enterprise registry. Strict: any invalid cell writes nothing and exits 2.
    Enterprises {
        /// A .csv or .xlsx file with the header
        /// uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
}

/// The flags every strict import takes.
#[derive(clap::Args)]
struct ImportFlags {
    /// Report the problems without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Write the valid rows and put the rejected ones in --rejects.
    #[arg(long, requires = "rejects")]
    skip_invalid: bool,
    /// Where to write rejected rows with their reasons (CSV).
    #[arg(long)]
    rejects: Option<PathBuf>,
}

impl ImportFlags {
    fn run<'a>(&'a self, file: &'a std::path::Path) -> imports::Run<'a> {
        imports::Run {
            file,
            dry_run: self.dry_run,
            skip_invalid: self.skip_invalid,
            rejects: self.rejects.as_deref(),
        }
    }
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The enterprise registry, with the import's header.
    Enterprises {
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The Table of Work Distribution, with the import's header.
    WorkDistribution {
        #[arg(long, default_value = "csv")]
        format: String,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole chain; exit 1 naming the first bad entry.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (bind, secure) = match &cli.command {
        Command::Serve(a) | Command::Demo(a) => (a.bind.clone(), a.secure_cookies),
        _ => (None, None),
    };
    let cfg = match config::Config::load(config::Overrides {
        config: cli.global.config,
        bind,
        data_dir: cli.global.data_dir,
        database_url: cli.global.database_url,
        secret_key: cli.global.secret_key,
        secure_cookies: secure,
        log_format: cli.global.log_format,
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(1);
        }
    };
    commands::init_logging(&cfg);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = rt.block_on(run(&cfg, cli.command));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs one command with the loaded configuration.
async fn run(cfg: &config::Config, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(_) => commands::serve(cfg, false).await,
        Command::Demo(_) => commands::serve(cfg, true).await,
        Command::Migrate => commands::migrate(cfg).await,
        Command::PrintConfig => {
            print!("{}", cfg.annotated());
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::Create {
            email,
            name,
            role,
            division,
            district,
            enterprise,
            password_stdin: _,
        }) => accounts::user_create(cfg, email, name, role, division, district, enterprise).await,
        Command::User(UserCommand::List) => accounts::user_list(cfg).await,
        Command::User(UserCommand::Disable { email }) => accounts::user_disable(cfg, &email).await,
        Command::Token(TokenCommand::Create {
            email,
            label,
            expires_days,
        }) => accounts::token_create(cfg, &email, &label, expires_days).await,
        Command::Audit(AuditCommand::Verify) => commands::audit_verify(cfg).await,
        Command::Backup { to } => commands::backup(cfg, &to).await,
        Command::Import(c) => import(cfg, c).await,
        Command::Export(ExportCommand::Enterprises { format, out }) => {
            imports::export_enterprises(cfg, &format, out.as_deref()).await
        }
        Command::WebhookReceiver { bind } => consulting::webhook_receiver(&bind).await,
        Command::Export(ExportCommand::WorkDistribution { format, out }) => {
            imports::export_work_distribution(cfg, &format, out.as_deref()).await
        }
    }
}

/// Runs one `lifeline import` command.
async fn import(cfg: &config::Config, command: ImportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ImportCommand::WorkDistribution { file, flags } => {
            imports::work_distribution(cfg, &flags.run(&file)).await
        }
        ImportCommand::Enterprises { file, flags } => {
            imports::enterprises(cfg, &flags.run(&file)).await
        }
        ImportCommand::Districts { file } => imports::districts(cfg, &file).await,
        ImportCommand::Calendar { file, flags } => imports::calendar(cfg, &flags.run(&file)).await,
    }
}
