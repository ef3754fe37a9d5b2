//! Issue 12's done-when 2 in headless Chromium against `lifeline demo` (e2e/funds_apply.mjs),
//! through the pages only: the demo enterprise resubmits its SME-fund application with the
//! missing invoice; three different people of the Bureau examine, verify and approve it; the
//! chief batches the payment and marks it paid with the bank's reference; the enterprise then
//! reads it paid, the amount explained criterion by criterion.

use crate::e2e::{browser_ready, journey_in_demo};

#[tokio::test]
async fn an_application_returned_corrected_approved_and_paid_in_lifeline_demo() {
    if !browser_ready() {
        return;
    }
    let log = journey_in_demo("funds_apply.mjs").await;
    assert!(log.contains("funds-apply journey passed"), "{log}");
    for step in ["1-returned", "5-approved", "7-paid", "8-disbursed"] {
        for lang in ["zh-CN", "en"] {
            let shot = format!("target/e2e-screenshots/apply-{step}-{lang}.png");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(&shot)
                    .exists(),
                "{shot}"
            );
        }
    }
}
