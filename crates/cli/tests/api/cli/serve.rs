//! `lifeline serve` on a real port: it answers, drains and exits on SIGTERM, and keeps every
//! acknowledged write across a crash.

use std::io::Write;
use std::process::{Command, Stdio};

use testkit::{SECRET, TempDir};

use super::*;

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
