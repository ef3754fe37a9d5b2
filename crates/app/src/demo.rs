//! The demo bureau: reference data plus one account of every role. It grows with every module.

use crate::auth::users::{self, NewUser};
use crate::{App, Ctx, Result};

/// The password of every demo account (printed by `lifeline demo`).
pub const DEMO_PASSWORD: &str = "lifeline-demo-2020";

/// (e-mail, name, role, division, district, enterprise USCC)
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

pub const DEMO_USERS: [DemoUser; 10] = [
    (
        "admin@demo.lifeline.cn",
        "系统管理员 Admin",
        "admin",
        None,
        None,
        None,
    ),
    (
        "director@demo.lifeline.cn",
        "王局长 Director Wang",
        "leader",
        None,
        None,
        None,
    ),
    (
        "chief.ip3@demo.lifeline.cn",
        "李处长 Chief Li (IP3)",
        "division_chief",
        Some("IP3"),
        None,
        None,
    ),
    (
        "staff.ip3@demo.lifeline.cn",
        "张科员 Zhang (IP3)",
        "division_staff",
        Some("IP3"),
        None,
        None,
    ),
    (
        "staff.ft@demo.lifeline.cn",
        "赵科员 Zhao (FT)",
        "division_staff",
        Some("FT"),
        None,
        None,
    ),
    (
        "official.zhongshan@demo.lifeline.cn",
        "陈主任 Chen (Zhongshan District)",
        "district_official",
        None,
        Some("210202"),
        None,
    ),
    (
        "reviewer@demo.lifeline.cn",
        "孙审核 Sun (funds reviewer)",
        "reviewer",
        None,
        None,
        None,
    ),
    (
        "auditor@demo.lifeline.cn",
        "周审计 Zhou (auditor)",
        "auditor",
        None,
        None,
        None,
    ),
    (
        "enterprise@demo.lifeline.cn",
        "大连海湾精密制造有限公司 Dalian Bay Precision",
        "enterprise_user",
        None,
        None,
        Some("91210200MA0QC1234F"),
    ),
    (
        "partner@demo.lifeline.cn",
        "大连外商投资企业协会 FIE Association",
        "partner",
        None,
        None,
        None,
    ),
];

/// Fills an empty store with the demo bureau. Returns false when it already had users.
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
    Ok(true)
}
