//! Requests a test sends through the router: as an API client with a token, as a browser with
//! a session cookie and CSRF token, or on a real port; and the accounts they act as.

use app::Ctx;
use app::auth::users::{NewUser, UserView};
use axum::body::Body;
use axum::http::{Method, Request, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::{PASSWORD, Res, TestApp};

impl TestApp {
    /// Sends a request through the whole router.
    pub async fn send(&self, req: Request<Body>) -> Res {
        send_on(self.router.clone(), req).await
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

/// Percent-encodes a form value.
/// Sends a request through `router` and reads the whole response.
pub(crate) async fn send_on(router: axum::Router, req: Request<Body>) -> Res {
    let res = router.oneshot(req).await.unwrap_or_else(|e| match e {});
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
