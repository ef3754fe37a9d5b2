//! The platform journey in headless Chromium against a real port (see e2e/journey.mjs).
//! Screenshots land in target/e2e-screenshots/. In CI (CI=true) a missing browser fails.

use std::path::Path;
use std::process::Command;

use testkit::TestApp;

#[tokio::test]
async fn login_journey_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("e2e/journey.mjs");
    let ready = Path::new("/usr/bin/chromium").exists()
        && root.join("e2e/node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install chromium, node and e2e/node_modules (npm ci --prefix e2e)"
        );
        eprintln!(
            "SKIPPED: the browser journey needs /usr/bin/chromium, node and `npm ci --prefix e2e`"
        );
        return;
    }
    let t = TestApp::new().await;
    app::demo::seed(&t.app)
        .await
        .unwrap_or_else(|e| panic!("demo: {e}"));
    let base = t.serve().await;
    let out = root.join("target/e2e-screenshots");
    let o = tokio::process::Command::new("node")
        .arg(&script)
        .arg(&base)
        .arg(&out)
        .arg(app::demo::DEMO_PASSWORD)
        .output()
        .await
        .unwrap_or_else(|e| panic!("node: {e}"));
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "journey failed:\n{log}");
    assert!(log.contains("journey passed"), "{log}");
    assert!(out.join("staff-home-en.png").exists());
}
