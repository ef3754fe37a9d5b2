//! Use cases: the only way to change anything.
//!
//! Every use case checks the caller's permission, runs in one transaction, and writes its
//! audit entry in that same transaction. The web pages, the JSON API and the CLI all call the
//! same functions here. Error type of this layer: [`AppError`], which is all `web` sees.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod clock;
pub mod consulting;
pub mod context;
pub mod demo;
pub mod enterprises;
pub mod error;
pub mod funds;
pub mod idempotency;
pub mod imports;
pub mod jobs;
pub mod keys;
pub mod notify;
pub mod org;

use std::sync::Arc;

pub use clock::{Clock, SystemClock, TestClock};
pub use context::{Actor, Ctx, Principal};
/// Measure 3's demo data, at the path callers knew before the demo became a folder.
pub use demo::consulting as demo_consulting;
pub use error::{AppError, Result};
pub use keys::Keys;
pub use store::{Backend, Db, DbConfig, Page};

/// The bureau's own settings that use cases need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The city's telephone area code without its trunk 0 (configuration `area_code`; Dalian:
    /// 411): local 8-digit office numbers belong to it.
    pub area_code: String,
    /// The working week and hours the SLA clocks run in (special days come from the store),
    /// and the bureau's time zone ([`App::zone`]).
    pub calendar: domain::calendar::Calendar,
    /// Where attachments are kept and what they may be (configuration `attachment_*`).
    pub attachments: cases::attach::Limits,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            area_code: "411".into(),
            calendar: domain::calendar::Calendar::default(),
            attachments: cases::attach::Limits::default(),
        }
    }
}

/// The application: database, keys, clock and settings. Cheap to clone; no global state.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub keys: Arc<Keys>,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// The kinds of case the engine knows, registered at start-up by each measure's module.
    pub kinds: Arc<cases::kinds::Registry>,
    /// The SLA calendar and targets, cached briefly.
    pub sla: Arc<cases::sla::SlaCache>,
    /// How many FAQ documents are searchable, counted at most every 30 s.
    pub faq_docs: Arc<std::sync::Mutex<Option<(std::time::Instant, i64)>>>,
    /// Document frequencies of common FAQ search words, counted at most every 30 s.
    pub faq_df: Arc<std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, i64)>>>,
    /// Recently checked API tokens.
    pub token_cache: Arc<auth::tokens::TokenCache>,
    /// The job kinds this process runs, each registered by its module.
    pub jobs: Arc<jobs::Registry>,
    /// Where notifications go out (SMTP server, SMS gateway).
    pub notify: Arc<notify::Config>,
}

impl App {
    pub fn new(db: Db, keys: Keys, clock: Arc<dyn Clock>) -> Self {
        let jobs = jobs::Registry::default();
        consulting::register_jobs(&jobs);
        notify::register_jobs(&jobs);
        funds::free::register_jobs(&jobs);
        funds::publicity::register_jobs(&jobs);
        App {
            db,
            keys: Arc::new(keys),
            clock,
            settings: Arc::new(Settings::default()),
            kinds: Arc::new(standard_kinds()),
            sla: Arc::default(),
            faq_docs: Arc::default(),
            faq_df: Arc::default(),
            token_cache: Arc::default(),
            jobs: Arc::new(jobs),
            notify: notify::deliver::none(),
        }
    }

    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = Arc::new(settings);
        self
    }

    /// Sets where notifications go out (SMTP server, SMS gateway).
    pub fn with_notify(mut self, cfg: notify::Config) -> Self {
        self.notify = Arc::new(cfg);
        self
    }

    /// Registers one more kind of case (or replaces the kind with its code).
    pub fn with_kind(mut self, kind: cases::kinds::Kind) -> Self {
        Arc::make_mut(&mut self.kinds).register(kind);
        self
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The bureau's time zone (configuration `time_zone`): every instant shown, and every
    /// local date and time typed, goes through it.
    pub fn zone(&self) -> &domain::dates::Zone {
        &self.settings.calendar.zone
    }

    /// Today's date in the bureau's time zone.
    pub fn today(&self) -> jiff::civil::Date {
        self.zone().civil_date(self.now())
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<usize> {
        Ok(store::migrate::run(&self.db).await?)
    }
}

/// The kinds each measure's module brings to the case engine.
fn standard_kinds() -> cases::kinds::Registry {
    let mut r = cases::kinds::Registry::default();
    enterprises::difficulty::register(&mut r);
    consulting::inquiry::register(&mut r);
    r
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS generator does not fail on supported platforms; a failure here is fatal.
    if getrandom::fill(&mut b).is_err() {
        std::process::abort();
    }
    b
}

/// A random token, URL-safe.
pub fn random_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}
