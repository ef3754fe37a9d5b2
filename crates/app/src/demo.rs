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
        "马国强 Director Ma",
        "leader",
        None,
        None,
        None,
    ),
    (
        "chief.ip3@demo.lifeline.cn",
        "王晓明 Wang Xiaoming (IP3 chief)",
        "division_chief",
        Some("IP3"),
        None,
        None,
    ),
    (
        "staff.ip3@demo.lifeline.cn",
        "赵婷 Zhao Ting (IP3)",
        "division_staff",
        Some("IP3"),
        None,
        None,
    ),
    (
        "staff.ft@demo.lifeline.cn",
        "吴磊 Wu Lei (FT)",
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
    seed_measure_1(app, &ctx).await?;
    crate::demo_consulting::seed(app, &ctx).await?;
    Ok(true)
}

/// More district officials, so that designations spread over several districts.
pub const MORE_OFFICIALS: [(&str, &str, &str); 3] = [
    (
        "official.xigang@demo.lifeline.cn",
        "刘主任 Liu (Xigang District)",
        "210203",
    ),
    (
        "official.shahekou@demo.lifeline.cn",
        "杨主任 Yang (Shahekou District)",
        "210204",
    ),
    (
        "official.ganjingzi@demo.lifeline.cn",
        "吴主任 Wu (Ganjingzi District)",
        "210211",
    ),
];

const PLACES: [(&str, &str); 10] = [
    ("海湾", "Bay"),
    ("星海", "Xinghai"),
    ("港城", "Port City"),
    ("金石", "Jinshi"),
    ("滨海", "Binhai"),
    ("普湾", "Puwan"),
    ("长兴", "Changxing"),
    ("东港", "Donggang"),
    ("棒棰岛", "Bangchui"),
    ("老虎滩", "Tiger Beach"),
];
const TRADES: [(&str, &str, &str); 8] = [
    ("精密制造", "Precision Manufacturing", "machinery"),
    ("电子科技", "Electronics", "electronics"),
    ("化工", "Chemicals", "chemicals"),
    ("国际物流", "International Logistics", "logistics"),
    ("食品", "Foods", "food"),
    ("服装", "Garments", "textiles"),
    ("软件", "Software", "software"),
    ("船舶配套", "Marine Equipment", "shipbuilding"),
];
const COUNTRIES: [&str; 8] = ["JP", "KR", "US", "DE", "SG", "HK", "TW", "GB"];
const DIFFICULTIES: [(&str, &str, &str); 6] = [
    (
        "staff_shortage",
        "外地员工无法返岗",
        "约四成外地员工因隔离政策无法返回，生产线只能开一半。",
    ),
    (
        "raw_materials",
        "进口原材料断供",
        "日本供应商停工，关键零部件库存仅够两周。",
    ),
    (
        "logistics",
        "集装箱运输受阻",
        "港口集卡司机不足，出口订单无法按期装船。",
    ),
    (
        "cash_flow",
        "现金流紧张",
        "停工一个月，工资和租金支出压力大，希望了解贴息政策。",
    ),
    (
        "epidemic_materials",
        "口罩和消毒用品不足",
        "复工需要每天800只口罩，目前采购不到。",
    ),
    (
        "orders_contracts",
        "海外订单违约风险",
        "无法按期交货，客户要求赔偿，需要不可抗力证明。",
    ),
];

/// About 200 enterprises across the districts, with designations, difficulties, working
/// records, resumption reports and a few escalations (measure 1).
async fn seed_measure_1(app: &App, ctx: &Ctx) -> Result<()> {
    for (email, name, district) in MORE_OFFICIALS {
        let n = NewUser {
            email: email.into(),
            name: name.into(),
            role: "district_official".into(),
            division: None,
            district: Some(district.into()),
            enterprise: None,
            password: DEMO_PASSWORD.into(),
        };
        users::create(app, ctx, &n).await?;
    }
    // The registry, through the importer (one transaction).
    let mut csv = String::from(
        "uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n",
    );
    let mut firms = Vec::new();
    for i in 0..200usize {
        let (place_zh, place_en) = PLACES[i % PLACES.len()];
        let (trade_zh, trade_en, industry) = TRADES[(i / PLACES.len()) % TRADES.len()];
        let district = DALIAN_DISTRICTS[(i * 7) % DALIAN_DISTRICTS.len()].0;
        let uscc = if i == 0 {
            "91210200MA0QC1234F".to_owned()
        } else {
            demo_uscc(district, i)
        };
        let suffix = if i >= 80 {
            format!("{}", i / 80 + 1)
        } else {
            String::new()
        };
        let kinds = if i % 3 == 0 {
            "foreign_invested;foreign_trade"
        } else if i % 5 == 0 {
            "overseas_investing"
        } else {
            "foreign_invested"
        };
        csv.push_str(&format!(
            "{uscc},大连{place_zh}{trade_zh}{suffix}有限公司,Dalian {place_en} {trade_en}{} Co. Ltd,{district},{kinds},{},{industry},大连市中山路{}号,联系人{i},139{:08},info{i}@example.cn,{}\n",
            if suffix.is_empty() { String::new() } else { format!(" {suffix}") },
            COUNTRIES[i % COUNTRIES.len()],
            100 + i,
            41_100_000 + i,
            30 + (i * 37) % 900
        ));
        firms.push((uscc, district));
    }
    let report = crate::enterprises::import::import(
        app,
        ctx,
        csv.as_bytes(),
        crate::imports::Format::Csv,
        crate::imports::Options::new(false, false),
        &|_, _| {},
    )
    .await?;
    if !report.errors.is_empty() {
        return Err(crate::AppError::Unexpected(format!(
            "the demo registry has errors: {:?}",
            report.errors.first()
        )));
    }
    // Designations: the districts with an official; the rest wait on the coverage view.
    let all_users = users::list(app, ctx, 200, None).await?.items;
    let official_of = |d: &str| {
        all_users
            .iter()
            .find(|u| u.district.as_deref() == Some(d))
            .map(|u| u.id)
    };
    let contacts = {
        let mut rd = app.db.read().await?;
        store::distribution::for_measure(&mut rd, 1)
            .await?
            .into_iter()
            .filter_map(|r| r.contact_id)
            .collect::<Vec<_>>()
    };
    for (i, (uscc, district)) in firms.iter().enumerate() {
        if let Some(official) = official_of(district)
            && i % 5 != 4
        {
            crate::enterprises::designate(
                app,
                ctx,
                uscc,
                Some(official),
                contacts.get(i % contacts.len().max(1)).copied(),
                "属地联系",
            )
            .await?;
        }
    }
    // Difficulties, working records, escalations, reports.
    for (i, (uscc, _)) in firms
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0)
        .take(40)
    {
        let (category, subject, body) = DIFFICULTIES[i % DIFFICULTIES.len()];
        let n = crate::cases::NewCase {
            kind: "difficulty".into(),
            enterprise: Some(uscc.clone()),
            subject: subject.into(),
            body: body.into(),
            category: Some(category.into()),
            channel: ["portal", "hotline", "visit", "messaging_group"][i % 4].into(),
            ..Default::default()
        };
        let c = crate::cases::open(app, ctx, &n).await?;
        let id =
            uuid::Uuid::parse_str(&c.id).map_err(|e| crate::AppError::Unexpected(e.to_string()))?;
        if i % 8 == 0 {
            continue;
        }
        let follow = app
            .zone()
            .date(app.now() + ((i % 5) as i64 - 2) * 86_400_000);
        let rec = crate::cases::work::NewRecord {
            kind: "visit".into(),
            content: "上门走访，了解具体困难，已初步协调。".into(),
            outcome: Some("企业提供了需求清单".into()),
            next_follow_up: Some(follow),
            ..Default::default()
        };
        crate::cases::work::add_record(app, ctx, id, &rec).await?;
        crate::cases::work::change_status(app, ctx, id, "in_progress", None).await?;
        if i % 12 == 0 {
            let note = crate::cases::work::NewRecord {
                kind: "internal_note".into(),
                content: "需与海关、港口联合协调，建议上报专班。".into(),
                ..Default::default()
            };
            crate::cases::work::add_record(app, ctx, id, &note).await?;
            crate::cases::work::escalate(app, ctx, id, "涉及多个部门，需专班研究").await?;
        }
        if i % 10 == 0 {
            let reply = crate::cases::work::NewRecord {
                kind: "reply_to_enterprise".into(),
                content: "已联系相关部门，请于本周内提交材料。".into(),
                ..Default::default()
            };
            crate::cases::work::add_record(app, ctx, id, &reply).await?;
        }
    }
    let today = app.today();
    for (i, (uscc, _)) in firms
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 1)
        .take(60)
    {
        let total = 40 + (i as i64 * 13) % 500;
        let back = total * (30 + (i as i64 * 7) % 70) / 100;
        let r = crate::enterprises::reports::NewReport {
            report_date: today.clone(),
            employees_returned: back,
            employees_total: total,
            capacity_pct: (back * 100 / total.max(1)).min(100),
            resumed: back * 100 / total.max(1) >= 80,
            difficulties: if back * 2 < total {
                "外地员工返岗难".into()
            } else {
                String::new()
            },
        };
        crate::enterprises::reports::file(app, ctx, uscc, &r).await?;
    }
    Ok(())
}

/// A valid USCC for the demo: registered in Dalian, with its check character.
fn demo_uscc(district: &str, i: usize) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut body = format!("91{district}");
    let mut n = i + 7_000_000;
    for _ in 0..9 {
        body.push(ALPHABET[n % 31] as char);
        n /= 31;
    }
    let check = domain::uscc::check_char(body.as_bytes()).unwrap_or('0');
    format!("{body}{check}")
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
