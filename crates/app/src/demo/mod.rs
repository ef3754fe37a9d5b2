//! The demo bureau: reference data plus one account of every role. It grows with every module.
//!
//! `seed` fills an empty store in steps, each in its own submodule: the accounts, the
//! organisation (districts, leaders, the work-distribution table), measure 1's enterprises and
//! cases, measure 3's consulting channels and measure 2's fund programmes.

pub mod accounts;
pub mod consulting;
mod fund_apps;
mod fund_free;
mod fund_money;
mod fund_open;
mod fund_rules;
pub mod funds;
pub mod mail_sink;
mod measure1;
mod organisation;

pub use accounts::{DEMO_USERS, MORE_OFFICIALS};
pub use organisation::{DALIAN_DISTRICTS, districts_csv};

use crate::auth::users::{self, NewUser};
use crate::{App, Ctx, Result};

/// The password of every demo account (printed by `lifeline demo`).
pub const DEMO_PASSWORD: &str = "lifeline-demo-2020";

/// The corrected work-distribution table the demo loads.
pub const WORK_DISTRIBUTION_CSV: &str = include_str!("../../fixtures/work-distribution.csv");

/// Fills an empty store with the demo bureau. Returns false when it already had users.
/// IP3's chief puts its staff member on duty: new measure-1 cases are told to them (and the
/// chief), as a division that keeps a duty roster would have it.
async fn on_duty(app: &App) -> Result<()> {
    let mut rd = app.db.read().await?;
    let chief = store::users::find_by_email(&mut rd, "chief.ip3@demo.lifeline.cn").await?;
    let staff = store::users::find_by_email(&mut rd, "staff.ip3@demo.lifeline.cn").await?;
    drop(rd);
    if let (Some(chief), Some(staff)) = (chief, staff) {
        let ctx = Ctx::user(crate::Principal::from(&chief));
        crate::notify::duty::set(app, &ctx, &staff.id.to_string(), true).await?;
    }
    Ok(())
}

pub async fn seed(app: &App) -> Result<bool> {
    crate::org::seed_reference(app).await?;
    let ctx = Ctx::system("demo");
    if users::list(app, &ctx, 1, None).await?.total > 0 {
        return Ok(false);
    }
    for (email, name, role, division, district, enterprise) in DEMO_USERS {
        users::create(
            app,
            &ctx,
            &NewUser {
                email: email.into(),
                name: name.into(),
                role: role.into(),
                division: division.map(Into::into),
                district: district.map(Into::into),
                enterprise: enterprise.map(Into::into),
                password: DEMO_PASSWORD.into(),
            },
        )
        .await?;
    }
    organisation::seed(app, &ctx).await?;
    on_duty(app).await?;
    measure1::seed(app, &ctx).await?;
    consulting::seed(app, &ctx).await?;
    funds::seed(app, &ctx).await?;
    fund_rules::seed(app, &ctx).await?;
    fund_money::seed(app, &ctx).await?;
    fund_open::seed(app, &ctx).await?;
    fund_apps::seed(app, &ctx).await?;
    fund_free::seed(app, &ctx).await?;
    Ok(true)
}
