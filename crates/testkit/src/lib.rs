//! `TestApp`: drives the router in-process against a fresh database.
//!
//! SQLite always; PostgreSQL when `LIFELINE_TEST_PG` names a server, in which case each test
//! creates its own database and drops it afterwards. An unreachable PostgreSQL fails the test:
//! it is never skipped silently.

use std::path::PathBuf;
use std::sync::Arc;

use app::auth::users::{NewUser, UserView};
use app::{App, Ctx, DbConfig, Keys, TestClock};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub mod bureau;

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
        settings: app::Settings,
        customise: impl FnOnce(App) -> App,
    ) -> TestApp {
        let dir = TempDir::new();
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

    /// Sends a request through the whole router.
    pub async fn send(&self, req: Request<Body>) -> Res {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let (parts, body) = res.into_parts();
        let body = body
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        Res {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap_or_else(|e| panic!("{e}")))
            .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Res {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// Creates an account directly (as the command line would) and returns it.
    pub async fn user(&self, email: &str, role: &str, scope: Option<&str>) -> UserView {
        let (mut division, mut district, mut enterprise) = (None, None, None);
        match role {
            "division_chief" | "division_staff" => division = scope.map(Into::into),
            "district_official" => district = scope.map(Into::into),
            "enterprise_user" => enterprise = scope.map(Into::into),
            _ => {}
        }
        let n = NewUser {
            email: email.into(),
            name: format!("Test {role}"),
            role: role.into(),
            division,
            district,
            enterprise,
            password: PASSWORD.into(),
        };
        app::auth::users::create(&self.app, &Ctx::system("test"), &n)
            .await
            .unwrap_or_else(|e| panic!("create {email}: {e:?}"))
    }

    /// An account and an API token for it.
    pub async fn user_with_token(
        &self,
        email: &str,
        role: &str,
        scope: Option<&str>,
    ) -> (UserView, String) {
        let u = self.user(email, role, scope).await;
        let t = app::auth::tokens::create(&self.app, &Ctx::system("test"), email, "test", None)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        (u, t)
    }

    /// Signs in through the login form like a browser; returns the session cookie and CSRF token.
    pub async fn browser_login(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(String, String), Res> {
        let form = self.get("/login", None).await;
        let pre = form
            .cookie(web::guard::PRELOGIN_CSRF_COOKIE)
            .unwrap_or_else(|| panic!("no pre-login cookie"));
        let body = format!(
            "email={}&password={}&_csrf={pre}",
            enc(email),
            enc(password)
        );
        let req = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(
                header::COOKIE,
                format!("{}={pre}", web::guard::PRELOGIN_CSRF_COOKIE),
            )
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        let res = self.send(req).await;
        let Some(session) = res
            .cookie(web::guard::SESSION_COOKIE)
            .filter(|c| !c.is_empty())
        else {
            return Err(res);
        };
        // The CSRF token is in every page's sign-out form.
        let page = self.page("/account", &session).await;
        let text = page.text();
        let csrf = text
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("no CSRF token on /account: {text}"))
            .to_owned();
        Ok((session, csrf))
    }

    /// A page request with a session cookie.
    pub async fn page(&self, path: &str, session: &str) -> Res {
        let req = Request::builder()
            .uri(path)
            .header(
                header::COOKIE,
                format!("{}={session}", web::guard::SESSION_COOKIE),
            )
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        self.send(req).await
    }

    /// A form post with a session cookie.
    pub async fn form(&self, path: &str, session: &str, body: &str) -> Res {
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(
                header::COOKIE,
                format!("{}={session}", web::guard::SESSION_COOKIE),
            )
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"));
        self.send(req).await
    }

    /// Serves the app on a real loopback port (header timeout 1 s); returns the base URL.
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let router = self.router.clone();
        let header_timeout = std::time::Duration::from_secs(1);
        tokio::spawn(async move {
            let _ = web::serve(listener, router, header_timeout, std::future::pending()).await;
        });
        format!("http://{addr}")
    }

    /// Runs raw SQL against this test's database (to play an attacker editing rows by hand).
    pub async fn raw(&self, sql: &str) -> u64 {
        let mut tx = self.app.db.begin().await.unwrap_or_else(|e| panic!("{e}"));
        let n = tx
            .execute(store::q(sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
        n
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

/// Percent-encodes a form value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A `multipart/form-data` body with `fields` and a `file` part; returns (content type, body).
pub fn multipart(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "lifeline-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// Uploads a file to an API import endpoint with a bearer token.
    pub async fn upload(
        &self,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: &[u8],
        fields: &[(&str, &str)],
    ) -> Res {
        let (ct, body) = multipart(file_name, bytes, fields);
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        self.send(req).await
    }
}
