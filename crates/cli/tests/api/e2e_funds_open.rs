//! Issue 12's done-when 1 and 5 in headless Chromium against `lifeline demo` (e2e/funds_open.mjs):
//! a new version of the SME fund's rule drafted through the form and simulated against the
//! budget; a refused enterprise sees what would make it eligible; the payments on notice take
//! an objection the chief then sees; the payment-speed page shows median days.

use crate::e2e::{browser_ready, journey_in_demo};

#[tokio::test]
async fn funds_in_the_open_in_lifeline_demo() {
    if !browser_ready() {
        return;
    }
    let log = journey_in_demo("funds_open.mjs").await;
    assert!(log.contains("funds open journey passed"), "{log}");
}
