//! `TestApp`: drives the router in-process against a fresh database.
//!
//! SQLite always; PostgreSQL when `LIFELINE_TEST_PG` names a server, in which case each test
//! creates its own database and drops it afterwards. An unreachable PostgreSQL fails the test:
//! it is never skipped silently.

use std::path::PathBuf;
use std::sync::Arc;

use app::{App, DbConfig, Keys, TestClock};
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;

pub mod bureau;
mod load;
mod receiver;
mod requests;

pub use receiver::HttpReceiver;
pub use requests::{enc, multipart};

pub const PASSWORD: &str = "a long enough test passphrase";
pub const SECRET: &str = "test-secret-key-test-secret-key-0123456789";

/// A scratch folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p =
            std::env::temp_dir().join(format!("lifeline-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&p).unwrap_or_else(|e| panic!("temp dir {}: {e}", p.display()));
        TempDir(p)
    }
}

impl Default for TempDir {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestApp {
    pub app: App,
    pub state: web::AppState,
    pub router: Router,
    pub clock: Arc<TestClock>,
    pub dir: TempDir,
    /// The URL of this test's database, for running the `lifeline` binary against it.
    pub database_url: String,
    pg: Option<(String, String)>,
}

/// The PostgreSQL server to test against, if any.
pub fn pg_url() -> Option<String> {
    std::env::var("LIFELINE_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
}

fn with_db(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap_or((url, ""));
    format!("{base}/{db}")
}

/// A response, read whole.
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The value of a cookie this response sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|c| c.split(';').next()?.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}

impl TestApp {
    /// A fresh app on PostgreSQL when `LIFELINE_TEST_PG` is set, else on SQLite.
    pub async fn new() -> TestApp {
        Self::on(pg_url()).await
    }

    /// A fresh app on the given PostgreSQL server, or on SQLite for `None`.
    pub async fn on(pg: Option<String>) -> TestApp {
        Self::migrated_through(pg, i64::MAX).await
    }

    /// [`TestApp::on`], with the schema only up to migration `last` (for upgrade tests; the
    /// test runs `app.migrate()` for the rest).
    pub async fn migrated_through(pg: Option<String>, last: i64) -> TestApp {
        Self::build(pg, last, app::Settings::default(), |a| a).await
    }

    /// A fresh app with the bureau's settings (calendar, time zone) given, on the given
    /// PostgreSQL server or on SQLite for `None`.
    pub async fn with_settings(pg: Option<String>, settings: app::Settings) -> TestApp {
        Self::build(pg, i64::MAX, settings, |a| a).await
    }

    /// A fresh app (as [`TestApp::new`]) that `customise` changes before the router is built,
    /// e.g. `|app| app.with_kind(kind)` to register a case kind of the test's own.
    pub async fn customised(customise: impl FnOnce(App) -> App) -> TestApp {
        Self::build(pg_url(), i64::MAX, app::Settings::default(), customise).await
    }

    async fn build(
        pg: Option<String>,
        last: i64,
        mut settings: app::Settings,
        customise: impl FnOnce(App) -> App,
    ) -> TestApp {
        let dir = TempDir::new();
        // Each test keeps its attachments in its own scratch folder.
        settings.attachments.dir = dir.0.join("attachments");
        let (db_cfg, database_url, pg) = match pg {
            Some(admin_url) => {
                let name = format!("ll_test_{}", uuid::Uuid::now_v7().simple());
                let admin = app::Db::connect(&DbConfig::Postgres {
                    url: admin_url.clone(),
                })
                .await
                .unwrap_or_else(|e| panic!("LIFELINE_TEST_PG={admin_url} cannot be reached: {e}"));
                let mut c = admin.read().await.unwrap_or_else(|e| panic!("{e}"));
                c.execute(store::q(format!("CREATE DATABASE {name}")))
                    .await
                    .unwrap_or_else(|e| panic!("create database: {e}"));
                drop(c);
                admin.close().await;
                let url = with_db(&admin_url, &name);
                (
                    DbConfig::Postgres { url: url.clone() },
                    url,
                    Some((admin_url, name)),
                )
            }
            None => {
                let path = dir.0.join("lifeline.db");
                (
                    DbConfig::Sqlite {
                        path: path.clone(),
                        create: true,
                    },
                    format!("sqlite://{}", path.display()),
                    None,
                )
            }
        };
        let db = app::Db::connect(&db_cfg)
            .await
            .unwrap_or_else(|e| panic!("connect: {e}"));
        let clock = Arc::new(TestClock::default());
        let app = customise(
            App::new(db, Keys::from_master(SECRET.as_bytes()), clock.clone())
                .with_settings(settings),
        );
        store::migrate::run_through(&app.db, last)
            .await
            .unwrap_or_else(|e| panic!("migrate: {e}"));
        app::org::seed_reference(&app)
            .await
            .unwrap_or_else(|e| panic!("seed: {e}"));
        let state = web::AppState::new(app.clone(), web::WebSettings::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let router = web::router(state.clone());
        TestApp {
            app,
            state,
            router,
            clock,
            dir,
            database_url,
            pg,
        }
    }

    pub fn backend(&self) -> app::Backend {
        self.app.db.backend()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        // Drop runs outside async; a short-lived runtime on its own thread drops this test's
        // database. FORCE ends the pool's connections, which belong to the test's runtime and
        // cannot be closed from here.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(admin) = app::Db::connect(&DbConfig::Postgres { url: admin_url }).await {
                    if let Ok(mut c) = admin.read().await {
                        let _ = c
                            .execute(store::q(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .await;
                    }
                    admin.close().await;
                }
            });
        })
        .join();
    }
}

/// The SMTP sink on loopback (the demo's too): start one, pass `sink.url()` as `smtp_url`.
pub use app::demo::mail_sink::{CaughtMail, MailSink};
