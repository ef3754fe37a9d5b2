//! The `lifeline` binary as an operator uses it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use testkit::{SECRET, TempDir, TestApp};

pub(crate) fn lifeline(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lifeline"));
    cmd.args(args)
        .env_remove("LIFELINE_DATABASE_URL")
        .env_remove("LIFELINE_SECRET_KEY")
        .env_remove("LIFELINE_DATA_DIR");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawn lifeline: {e}"));
    if let (Some(mut pipe), Some(s)) = (child.stdin.take(), stdin) {
        let _ = pipe.write_all(s.as_bytes());
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_mistyped_store_is_an_error_never_a_new_empty_one() {
    let dir = TempDir::new();
    let missing = dir.0.join("no-such-dir");
    let o = lifeline(
        &["user", "list", "--data-dir", missing.to_str().unwrap_or("")],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("lifeline migrate"), "{}", text(&o));
    assert!(!missing.exists(), "nothing was created");

    let o = lifeline(
        &[
            "user",
            "list",
            "--database-url",
            "mysql://localhost/lifeline",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("unknown database URL scheme \"mysql\""),
        "{}",
        text(&o)
    );

    let junk = dir.0.join("junk.db");
    std::fs::write(&junk, "this is not a database, it is a shopping list")
        .unwrap_or_else(|e| panic!("{e}"));
    let o = lifeline(
        &[
            "user",
            "list",
            "--database-url",
            &format!("sqlite://{}", junk.display()),
            "--secret-key",
            SECRET,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("not a usable SQLite database"),
        "{}",
        text(&o)
    );
}

#[test]
fn migrate_create_user_and_list_on_a_new_data_folder() {
    let dir = TempDir::new();
    let d = dir.0.join("data");
    let d = d.to_str().unwrap_or("");
    assert!(
        lifeline(&["migrate", "--data-dir", d], None)
            .status
            .success()
    );
    let o = lifeline(
        &[
            "user",
            "create",
            "--data-dir",
            d,
            "--email",
            "li@example.cn",
            "--name",
            "Li",
            "--role",
            "division_chief",
            "--division",
            "IP3",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a short password is refused: {}",
        text(&o)
    );
    assert!(
        text(&o).contains("password: a password needs at least 12 characters"),
        "{}",
        text(&o)
    );
    let o = lifeline(
        &[
            "user",
            "create",
            "--data-dir",
            d,
            "--email",
            "li@example.cn",
            "--name",
            "Li",
            "--role",
            "division_chief",
            "--division",
            "IP3",
            "--password-stdin",
        ],
        Some("a long enough test passphrase\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = lifeline(&["user", "list", "--data-dir", d], None);
    assert!(
        text(&o).contains("li@example.cn") && text(&o).contains("division_chief"),
        "{}",
        text(&o)
    );
    let o = lifeline(
        &[
            "user",
            "disable",
            "--data-dir",
            d,
            "--email",
            "li@example.cn",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&lifeline(&["user", "list", "--data-dir", d], None)).contains("disabled"));
    let cfg = text(&lifeline(
        &["print-config", "--data-dir", d, "--secret-key", SECRET],
        None,
    ));
    assert!(
        cfg.contains("secret_key = \"<redacted>\"") && !cfg.contains(SECRET),
        "{cfg}"
    );
}

#[tokio::test]
async fn a_token_from_the_command_line_works_on_the_api() {
    let t = TestApp::new().await;
    t.user("staff@example.cn", "division_staff", Some("FT"))
        .await;
    let o = lifeline(
        &[
            "token",
            "create",
            "--database-url",
            &t.database_url,
            "--secret-key",
            SECRET,
            "--email",
            "staff@example.cn",
            "--label",
            "ci",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let token = out.lines().last().unwrap_or_default().trim().to_owned();
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["email"], "staff@example.cn");
    // Only a keyed hash is stored, never the token.
    let mut rd = t.app.db.read().await.unwrap_or_else(|e| panic!("{e}"));
    let rows = rd
        .fetch_all(store_q("SELECT token_hash FROM api_tokens"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for r in rows {
        let h: String = r.get("token_hash").unwrap_or_default();
        assert_ne!(h, token);
        assert_eq!(h.len(), 64);
    }
}

fn store_q(sql: &str) -> store::Query {
    store::q(sql)
}

#[tokio::test]
async fn audit_verify_passes_then_names_the_edited_entry() {
    let t = TestApp::new().await;
    t.user("a@example.cn", "auditor", None).await;
    let args = [
        "audit",
        "verify",
        "--database-url",
        &t.database_url,
        "--secret-key",
        SECRET,
    ];
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("audit chain is whole"));
    t.raw("UPDATE audit_log SET after_json = '{\"email\":\"forged@example.cn\"}' WHERE seq = 17")
        .await;
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("BROKEN at entry 17"), "{}", text(&o));
    // The wrong key cannot vouch for the chain either.
    let o = lifeline(
        &[
            "audit",
            "verify",
            "--database-url",
            &t.database_url,
            "--secret-key",
            &"x".repeat(40),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
}

fn http_get(addr: &str, path: &str) -> String {
    use std::io::Read;
    let mut s =
        std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    let _ = s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

type Lines = std::io::Lines<std::io::BufReader<std::process::ChildStdout>>;

/// Starts `lifeline serve ARGS --bind 127.0.0.1:0`: the child, its standard output (kept
/// open while the server runs) and the URL it printed.
fn serve(args: &[&str], stderr: Stdio) -> (std::process::Child, Lines, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lifeline"))
        .arg("serve")
        .args(args)
        .args(["--bind", "127.0.0.1:0"])
        .env_remove("LIFELINE_DATABASE_URL")
        .env_remove("LIFELINE_SECRET_KEY")
        .env_remove("LIFELINE_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut lines =
        std::io::BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout"))).lines();
    let url = lines
        .find_map(|l| {
            l.ok().and_then(|l| {
                l.split("http://")
                    .nth(1)
                    .map(|u| u.trim_end_matches('/').to_owned())
            })
        })
        .unwrap_or_else(|| panic!("no URL printed"));
    (child, lines, url)
}

#[test]
fn serve_answers_then_drains_and_exits_on_sigterm() {
    let dir = TempDir::new();
    let d = dir.0.join("data");
    let d = d.to_str().unwrap_or("");
    assert!(
        lifeline(&["migrate", "--data-dir", d], None)
            .status
            .success()
    );
    let (child, _stdout, url) = serve(&["--data-dir", d], Stdio::piped());
    let health = http_get(&url, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(http_get(&url, "/readyz").starts_with("HTTP/1.1 200"));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(killed.success());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "exit after SIGTERM: {:?}", out.status);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("draining in-flight requests"), "{log}");
}

#[tokio::test]
async fn importing_the_table_as_printed_exits_2_naming_row_and_column() {
    let t = TestApp::new().await;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/fixtures");
    let db = ["--database-url", &t.database_url, "--secret-key", SECRET];
    let printed = format!("{fixtures}/work-distribution-as-printed.csv");
    let mut args = vec!["import", "work-distribution", &printed];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("error: row 3, column contact_mobile, value \"1390411020\": a mobile number has 11 digits; this one has 10"), "{out}");
    assert!(
        out.contains("error: row 17, column chief_mobile, value \"13804110410\""),
        "{out}"
    );
    assert!(
        out.contains("warning: row 10, column chief_name, value \"王小明\""),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");

    let corrected = format!("{fixtures}/work-distribution.csv");
    let mut args = vec!["import", "work-distribution", &corrected, "--dry-run"];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("dry run: nothing was written"));
    let mut args = vec!["import", "work-distribution", &corrected];
    args.extend(db);
    assert!(text(&lifeline(&args, None)).contains("24 rows created"));

    let dir = TempDir::new();
    let out_file = dir.0.join("wd.xlsx");
    let out_path = out_file.to_str().unwrap_or("");
    let mut args = vec![
        "export",
        "work-distribution",
        "--format",
        "xlsx",
        "--out",
        out_path,
    ];
    args.extend(db);
    assert!(lifeline(&args, None).status.success());
    let mut args = vec!["import", "work-distribution", out_path];
    args.extend(db);
    assert!(
        text(&lifeline(&args, None)).contains("0 rows created, 0 updated, 24 unchanged"),
        "export then import is a no-op"
    );

    let rejects = dir.0.join("rejects.csv");
    let rejects_path = rejects.to_str().unwrap_or("");
    let mut args = vec![
        "import",
        "work-distribution",
        &printed,
        "--skip-invalid",
        "--rejects",
        rejects_path,
    ];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rej = std::fs::read_to_string(&rejects).unwrap_or_default();
    assert!(
        rej.contains("errors") && rej.contains("1390411020") && rej.contains("11 digits"),
        "{rej}"
    );
    assert_eq!(
        rej.lines().count(),
        3,
        "the header and the two rejected rows: {rej}"
    );
}

/// Sends one POST with a JSON body on a fresh connection; the status and the body, or None
/// when the server did not answer (it was killed).
fn http_post(addr: &str, path: &str, token: &str, body: &str) -> Option<(u16, String)> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let body = out.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    Some((status, body))
}

#[tokio::test]
async fn writes_acknowledged_before_a_crash_are_all_there_after_it() {
    let b = testkit::bureau::bureau().await;
    let o = lifeline(
        &[
            "token",
            "create",
            "--database-url",
            &b.t.database_url,
            "--secret-key",
            SECRET,
            "--email",
            "ip3@example.cn",
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let token = String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let (mut child, _stdout, url) = serve(
        &["--database-url", &b.t.database_url, "--secret-key", SECRET],
        Stdio::null(),
    );
    // Eight clients write without pause; the server is killed (SIGKILL, no drain) while
    // they are still writing, so some writes are in the shared transaction when it dies.
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (url, token, acked) = (url.clone(), token.clone(), acked.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    let body = format!(
                        r#"{{"kind":"difficulty","enterprise":"{}","subject":"crash {c}-{i}","body":"断电前","category":"logistics","channel":"api"}}"#,
                        testkit::bureau::FIRM_A
                    );
                    let Some((status, body)) = http_post(&url, "/api/v1/cases", &token, &body)
                    else {
                        return;
                    };
                    if status != 201 {
                        return;
                    }
                    // A body cut short by the kill is no acknowledgement.
                    let Some(id) = serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v["id"].as_str().map(str::to_owned))
                    else {
                        return;
                    };
                    acked.lock().unwrap_or_else(|e| e.into_inner()).push(id);
                }
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while acked.lock().unwrap_or_else(|e| e.into_inner()).len() < 80
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Killed in any case, so that a failed test leaves no server behind.
    child.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = child.wait();
    for c in clients {
        let _ = c.join();
    }
    let acked = acked.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(acked.len() >= 80, "{} acknowledged", acked.len());
    // Every acknowledged case is in the store, and the audit chain is whole.
    for id in &acked {
        let r =
            b.t.get(&format!("/api/v1/cases/{id}"), Some(&b.staff_ip3))
                .await;
        assert_eq!(r.status, 200, "acknowledged case {id} was lost");
    }
    let o = lifeline(
        &[
            "audit",
            "verify",
            "--database-url",
            &b.t.database_url,
            "--secret-key",
            SECRET,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[tokio::test]
async fn the_registry_imports_compares_and_exports_from_the_command_line() {
    // The command line runs on the multi-threaded runtime, where the whole-registry read
    // hands its worker's other tasks to another thread (the in-process tests cannot).
    let t = TestApp::new().await;
    testkit::bureau::load_districts(&t).await;
    let db = ["--database-url", &t.database_url, "--secret-key", SECRET];
    let dir = TempDir::new();
    // A district that is well formed but not one of the city's (Beijing's Dongcheng) is
    // refused by row, column, value and reason, and the file's other row is not written.
    let foreign = dir.0.join("foreign.csv");
    std::fs::write(
        &foreign,
        "uscc,name,district,kinds\n\
         91210200MA0QC1234F,大连海湾精密制造有限公司,210202,foreign_invested\n\
         91210200MA0QC1235J,北京东城贸易有限公司,110101,foreign_trade\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut args = vec!["import", "enterprises", foreign.to_str().unwrap_or("")];
    args.extend(db);
    let o = lifeline(&args, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(
            "row 3, column district, value \"110101\": \"110101\" is not one of the city's districts (210202, "
        ),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    let csv = dir.0.join("firms.csv");
    std::fs::write(
        &csv,
        "uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n\
         91210200MA0QC1234F,大连海湾精密制造有限公司,Dalian Bay,210202,foreign_invested,JP,machinery,,王经理,13800000001,a@b.cn,150\n\
         91210200MA0QC1235J,=HYPERLINK(\"x\"),,210202,foreign_trade,,,,,,,\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let csv = csv.to_str().unwrap_or("");
    let mut args = vec!["import", "enterprises", csv];
    args.extend(db);
    let o = lifeline(&args, None);
    assert!(
        text(&o).contains("2 rows created, 0 updated, 0 unchanged"),
        "{}",
        text(&o)
    );
    let o = lifeline(&args, None);
    assert!(
        text(&o).contains("0 rows created, 0 updated, 2 unchanged"),
        "{}",
        text(&o)
    );
    let out = dir.0.join("out.csv");
    let out = out.to_str().unwrap_or("");
    let mut args = vec!["export", "enterprises", "--format", "csv", "--out", out];
    args.extend(db);
    let o = lifeline(&args, None);
    assert!(o.status.success(), "{}", text(&o));
    let exported = std::fs::read_to_string(out).unwrap_or_default();
    assert!(exported.contains("91210200MA0QC1234F"), "{exported}");
    assert!(exported.contains("大连海湾精密制造有限公司"), "{exported}");
    assert!(
        !exported.contains(",=HYPERLINK"),
        "a formula is neutralised: {exported}"
    );
}
