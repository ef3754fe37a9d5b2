//! The demo organisation: Dalian's districts, the working group's leaders and the corrected
//! work-distribution table.

use super::WORK_DISTRIBUTION_CSV;
use crate::{App, Ctx, Result};

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

/// [`DALIAN_DISTRICTS`] as the CSV `lifeline import districts` reads (code,name_zh,name_en,kind).
pub fn districts_csv() -> String {
    std::iter::once("code,name_zh,name_en,kind".to_owned())
        .chain(
            DALIAN_DISTRICTS
                .iter()
                .map(|(c, z, e, k)| format!("{c},{z},{e},{k}")),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

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

/// Districts, the working group's leaders and the work-distribution table.
pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let csv = districts_csv();
    crate::org::import_districts(app, ctx, csv.as_bytes(), crate::imports::Format::Csv).await?;
    let report = crate::org::import::import(
        app,
        ctx,
        WORK_DISTRIBUTION_CSV.as_bytes(),
        crate::imports::Format::Csv,
        crate::imports::Options::new(false, false),
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
