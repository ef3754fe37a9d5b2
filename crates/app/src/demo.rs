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

/// The city's districts and counties (Dalian, GB/T 2260): (code, Chinese, English, kind).
pub const DALIAN_DISTRICTS: [(&str, &str, &str, &str); 10] = [
    ("210202", "中山区", "Zhongshan District", "district"),
    ("210203", "西岗区", "Xigang District", "district"),
    ("210204", "沙河口区", "Shahekou District", "district"),
    ("210211", "甘井子区", "Ganjingzi District", "district"),
    ("210212", "旅顺口区", "Lüshunkou District", "district"),
    ("210213", "金州区", "Jinzhou District", "district"),
    ("210214", "普兰店区", "Pulandian District", "district"),
    ("210224", "长海县", "Changhai County", "county"),
    ("210281", "瓦房店市", "Wafangdian City", "county_city"),
    ("210283", "庄河市", "Zhuanghe City", "county_city"),
];

/// The working group's leaders (measure 10): (name, English name, title, role, office, mobile).
const LEADERS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "马国强",
        "Ma Guoqiang",
        "局长 Director",
        "leader",
        "83630001",
        "13804110001",
    ),
    (
        "林涛",
        "Lin Tao",
        "副局长 Deputy Director",
        "deputy_leader",
        "83630002",
        "13804110002",
    ),
    (
        "高峰",
        "Gao Feng",
        "副局长 Deputy Director",
        "deputy_leader",
        "83630003",
        "13804110003",
    ),
];

/// The corrected work-distribution table the demo loads.
pub const WORK_DISTRIBUTION_CSV: &str = include_str!("../fixtures/work-distribution.csv");

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
    seed_organisation(app, &ctx).await?;
    Ok(true)
}

/// Districts, the working group's leaders and the work-distribution table.
async fn seed_organisation(app: &App, ctx: &Ctx) -> Result<()> {
    let csv: String = std::iter::once("code,name_zh,name_en,kind".to_owned())
        .chain(
            DALIAN_DISTRICTS
                .iter()
                .map(|(c, z, e, k)| format!("{c},{z},{e},{k}")),
        )
        .collect::<Vec<_>>()
        .join("\n");
    crate::org::import_districts(app, ctx, csv.as_bytes(), crate::files::Format::Csv).await?;
    let report = crate::org::import::import(
        app,
        ctx,
        WORK_DISTRIBUTION_CSV.as_bytes(),
        crate::files::Format::Csv,
        false,
        crate::org::import::Mode::Strict,
    )
    .await?;
    if !report.errors.is_empty() {
        return Err(crate::AppError::Unexpected(format!(
            "the demo table has errors: {:?}",
            report.errors
        )));
    }
    let mut tx = app.db.begin().await?;
    for (name, name_en, title, role, office, mobile) in LEADERS {
        let now = app.now();
        let rec = store::people::PersonRecord {
            id: domain::new_id(),
            name: name.into(),
            name_en: Some(name_en.into()),
            title: title.into(),
            division: None,
            office_phone: domain::Phone::office(office, &app.settings.area_code)
                .ok()
                .map(|p| p.e164().to_owned()),
            mobile: domain::Phone::mobile(mobile)
                .ok()
                .map(|p| p.e164().to_owned()),
            email: None,
            user_id: None,
            wg_role: role.into(),
            created_at: now,
            updated_at: now,
        };
        store::people::insert(&mut tx, &rec).await?;
        crate::audit::record(
            app,
            &mut tx,
            ctx,
            crate::audit::Change {
                action: "person_created",
                object_type: "person",
                object_id: rec.id.to_string(),
                before: None,
                after: Some(crate::org::import::person_json(&rec)),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
