//! Configuration: defaults in code, then `lifeline.toml`, then `LIFELINE_*` environment
//! variables, then command-line flags. Secrets never print: `Debug` and `print-config`
//! redact them.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// A value that must not be printed or logged.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// What `lifeline.toml` may hold; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<Secret>,
    pub secret_key: Option<Secret>,
    pub secure_cookies: Option<bool>,
    pub log_format: Option<String>,
    pub request_timeout_secs: Option<u64>,
    pub body_limit_bytes: Option<usize>,
    pub working_hours: Option<String>,
    pub working_days: Option<String>,
    pub time_zone: Option<String>,
    pub area_code: Option<String>,
    pub smtp_url: Option<Secret>,
    pub mail_from: Option<String>,
    pub sms_gateway_url: Option<Secret>,
    pub attachment_max_bytes: Option<u64>,
    pub attachment_types: Option<String>,
    pub admission: Option<crate::admission::AdmissionFile>,
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub data_dir: PathBuf,
    pub database_url: Option<Secret>,
    pub secret_key: Option<Secret>,
    pub secure_cookies: bool,
    pub log_format: String,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    /// The bureau's working periods, e.g. `09:00-12:00,13:30-17:30` (SLA clocks).
    pub working_hours: String,
    /// The bureau's working weekdays, e.g. `mon-fri`.
    pub working_days: String,
    /// The bureau's time zone (IANA name): local dates, times and working hours are in it.
    pub time_zone: String,
    /// The city's telephone area code, e.g. `0411`: 8-digit office numbers belong to it.
    pub area_code: String,
    /// The SMTP server notifications go out through: `smtp://host:25` (plain, a relay on
    /// loopback), `smtp://host:587?tls=required` (STARTTLS), `smtps://user:pw@host:465`.
    pub smtp_url: Option<Secret>,
    /// The sender of notification e-mail.
    pub mail_from: String,
    /// The SMS gateway (`POST {to, text}` as JSON).
    pub sms_gateway_url: Option<Secret>,
    /// The largest attachment on a case, in bytes (default 10 MB).
    pub attachment_max_bytes: u64,
    /// The attachment types accepted, e.g. `pdf,jpg,png,docx,xlsx` (checked by content).
    pub attachment_types: String,
    /// Back-pressure limits (`[admission]`).
    pub admission: web::admission::Settings,
}

/// What the command line and environment gave (clap merges the two).
#[derive(Debug, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub secret_key: Option<String>,
    pub secure_cookies: Option<bool>,
    pub log_format: Option<String>,
}

impl Config {
    pub fn load(o: Overrides) -> anyhow::Result<Config> {
        let file = match &o.config {
            Some(p) => Some(read_file(p)?),
            None if Path::new("lifeline.toml").is_file() => {
                Some(read_file(Path::new("lifeline.toml"))?)
            }
            None => None,
        }
        .unwrap_or_default();
        let cfg = Config {
            bind: o
                .bind
                .or(file.bind)
                .unwrap_or_else(|| "127.0.0.1:8080".into()),
            data_dir: o
                .data_dir
                .or(file.data_dir)
                .unwrap_or_else(|| PathBuf::from("lifeline-data")),
            database_url: o
                .database_url
                .map(Secret)
                .or(file.database_url)
                .filter(|s| !s.0.is_empty()),
            secret_key: o
                .secret_key
                .map(Secret)
                .or(file.secret_key)
                .filter(|s| !s.0.is_empty()),
            secure_cookies: o.secure_cookies.or(file.secure_cookies).unwrap_or(false),
            log_format: o
                .log_format
                .or(file.log_format)
                .unwrap_or_else(|| "text".into()),
            request_timeout_secs: file.request_timeout_secs.unwrap_or(30),
            body_limit_bytes: file.body_limit_bytes.unwrap_or(1024 * 1024),
            working_hours: file
                .working_hours
                .unwrap_or_else(|| "09:00-12:00,13:30-17:30".into()),
            working_days: file.working_days.unwrap_or_else(|| "mon-fri".into()),
            time_zone: file
                .time_zone
                .unwrap_or_else(|| domain::dates::DEFAULT_ZONE.into()),
            area_code: file.area_code.unwrap_or_else(|| "0411".into()),
            smtp_url: file.smtp_url.filter(|s| !s.0.is_empty()),
            mail_from: file
                .mail_from
                .unwrap_or_else(|| "Lifeline <noreply@lifeline.invalid>".into()),
            sms_gateway_url: file.sms_gateway_url.filter(|s| !s.0.is_empty()),
            attachment_max_bytes: file.attachment_max_bytes.unwrap_or(10 * 1024 * 1024),
            attachment_types: file
                .attachment_types
                .unwrap_or_else(|| "pdf,jpg,jpeg,png,docx,xlsx".into()),
            admission: crate::admission::settings(file.admission)?,
        };
        attachment_types(&cfg.attachment_types)?;
        app::notify::deliver::check(&cfg.notify()).map_err(|m| anyhow::anyhow!("{m}"))?;
        domain::phone::parse_area_code(&cfg.area_code)
            .map_err(|m| anyhow::anyhow!("area_code: {m}"))?;
        domain::dates::Zone::parse(&cfg.time_zone)
            .map_err(|e| anyhow::anyhow!("time_zone: {e}"))?;
        domain::calendar::parse_working_hours(&cfg.working_hours)
            .map_err(|m| anyhow::anyhow!("working_hours: {m}"))?;
        domain::calendar::parse_working_days(&cfg.working_days)
            .map_err(|m| anyhow::anyhow!("working_days: {m}"))?;
        if !matches!(cfg.log_format.as_str(), "text" | "json") {
            bail!(
                "log_format is \"text\" or \"json\", not \"{}\"",
                cfg.log_format
            );
        }
        if cfg.secret_key.as_ref().is_some_and(|k| k.0.len() < 32) {
            bail!("secret_key needs at least 32 characters");
        }
        Ok(cfg)
    }

    /// The annotated configuration, secrets redacted.
    pub fn annotated(&self) -> String {
        let redact_url = |u: &Secret| redact_password(&u.0);
        let mut text = format!(
            "# Lifeline configuration (effective values).\n\
             # Order: defaults < lifeline.toml < LIFELINE_* environment < command-line flags.\n\n\
             # Address to listen on. LIFELINE_BIND\n\
             bind = \"{}\"\n\n\
             # Folder of the embedded SQLite database, the secret key and backups. LIFELINE_DATA_DIR\n\
             data_dir = \"{}\"\n\n\
             # PostgreSQL instead of SQLite: postgres://user@host/db. LIFELINE_DATABASE_URL\n\
             {}\n\n\
             # Master secret for the audit chain and API tokens (32+ characters). When unset it is\n\
             # kept in <data_dir>/secret.key. LIFELINE_SECRET_KEY\n\
             {}\n\n\
             # Mark cookies Secure (set when served over HTTPS). LIFELINE_SECURE_COOKIES\n\
             secure_cookies = {}\n\n\
             # \"text\" or \"json\" log lines. LIFELINE_LOG_FORMAT (level: RUST_LOG)\n\
             log_format = \"{}\"\n\n\
             # Longest time a request may take.\n\
             request_timeout_secs = {}\n\n\
             # Largest request body accepted.\n\
             body_limit_bytes = {}\n\n\
             # The working week the SLA clocks run in; holidays and make-up working days come\n\
             # from `lifeline import calendar FILE`.\n\
             working_hours = \"{}\"\n\
             working_days = \"{}\"\n\n\
             # The bureau's time zone (an IANA name): dates and times are shown and typed in it,\n\
             # and the working hours above are local to it. Stored times stay UTC.\n\
             time_zone = \"{}\"\n\n\
             # The city's telephone area code: an 8-digit office number typed without one\n\
             # belongs to it, and numbers in it are shown without it. Dalian: 0411.\n\
             area_code = \"{}\"\n\n\
             # Notifications: the SMTP server (smtp://host:25, smtp://host:587?tls=required,\n\
             # smtps://user:password@host:465), the sender, and the SMS gateway (POST {{to, text}}).\n\
             {}\n\
             mail_from = \"{}\"\n\
             {}\n\n\
             # Attachments on cases, kept in <data_dir>/attachments: the largest file in bytes,\n\
             # and the types accepted (pdf, jpg/jpeg, png, docx, xlsx; checked by content).\n\
             attachment_max_bytes = {}\n\
             attachment_types = \"{}\"\n",
            self.bind,
            self.data_dir.display(),
            self.database_url
                .as_ref()
                .map(|u| format!("database_url = \"{}\"", redact_url(u)))
                .unwrap_or_else(|| "# database_url = (unset: SQLite in data_dir)".into()),
            self.secret_key
                .as_ref()
                .map(|_| "secret_key = \"<redacted>\"".to_owned())
                .unwrap_or_else(|| "# secret_key = (unset: from data_dir)".into()),
            self.secure_cookies,
            self.log_format,
            self.request_timeout_secs,
            self.body_limit_bytes,
            self.working_hours,
            self.working_days,
            self.time_zone,
            self.area_code,
            self.smtp_url
                .as_ref()
                .map(|u| format!("smtp_url = \"{}\"", redact_password(&u.0)))
                .unwrap_or_else(|| "# smtp_url = (unset: no e-mail goes out)".into()),
            self.mail_from,
            self.sms_gateway_url
                .as_ref()
                .map(|_| "sms_gateway_url = \"<redacted>\"".to_owned())
                .unwrap_or_else(|| "# sms_gateway_url = (unset: no SMS goes out)".into()),
            self.attachment_max_bytes,
            self.attachment_types,
        );
        text.push_str(&crate::admission::annotated(&self.admission));
        text
    }

    /// The bureau's settings for the use cases.
    pub fn settings(&self) -> app::Settings {
        let mut calendar = domain::calendar::Calendar::default();
        if let Ok(p) = domain::calendar::parse_working_hours(&self.working_hours) {
            calendar.periods = p;
        }
        if let Ok(d) = domain::calendar::parse_working_days(&self.working_days) {
            calendar.weekdays = d;
        }
        if let Ok(z) = domain::dates::Zone::parse(&self.time_zone) {
            calendar.zone = z;
        }
        let defaults = app::Settings::default();
        app::Settings {
            calendar,
            area_code: domain::phone::parse_area_code(&self.area_code)
                .unwrap_or(defaults.area_code),
            attachments: app::cases::attach::Limits {
                dir: self.data_dir.join("attachments"),
                max_bytes: self.attachment_max_bytes,
                types: attachment_types(&self.attachment_types)
                    .unwrap_or(defaults.attachments.types),
            },
        }
    }

    /// Where notifications go out.
    pub fn notify(&self) -> app::notify::Config {
        app::notify::Config {
            smtp_url: self.smtp_url.as_ref().map(|s| s.0.clone()),
            mail_from: self.mail_from.clone(),
            sms_gateway_url: self.sms_gateway_url.as_ref().map(|s| s.0.clone()),
        }
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("lifeline.db")
    }
}

fn read_file(p: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
    toml::from_str(&text).with_context(|| format!("{} is not a valid configuration", p.display()))
}

/// `postgres://user:pw@host/db` → `postgres://user:<redacted>@host/db`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:<redacted>@{host}"),
        None => url.to_owned(),
    }
}

/// `pdf,jpg,png`: the attachment types accepted; an unknown one is an error naming it.
fn attachment_types(list: &str) -> anyhow::Result<Vec<domain::files::FileType>> {
    let mut types = Vec::new();
    for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let ft = domain::files::FileType::parse(t).ok_or_else(|| {
            anyhow::anyhow!("attachment_types: {t} is not one of pdf, jpg, jpeg, png, docx, xlsx")
        })?;
        if !types.contains(&ft) {
            types.push(ft);
        }
    }
    Ok(types)
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
