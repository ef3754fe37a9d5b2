//! The `lifeline` binary as an operator uses it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use testkit::{SECRET, TempDir, TestApp};

mod imports;
mod serve;

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
