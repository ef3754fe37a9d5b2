//! Measure 1's demo data: about 200 enterprises across the districts, with designations,
//! difficulties, working records, resumption reports and a few escalations.

use super::{DALIAN_DISTRICTS, DEMO_PASSWORD, MORE_OFFICIALS};
use crate::auth::users::{self, NewUser};
use crate::{App, Ctx, Result};

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
pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    add_officials(app, ctx).await?;
    let firms = import_registry(app, ctx).await?;
    designate_liaisons(app, ctx, &firms).await?;
    open_difficulties(app, ctx, &firms).await?;
    file_reports(app, ctx, &firms).await
}

/// A demo enterprise: its USCC and district.
type Firm = (String, &'static str);

/// More district officials, so that designations spread over several districts.
async fn add_officials(app: &App, ctx: &Ctx) -> Result<()> {
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
    Ok(())
}

/// The registry, through the importer (one transaction).
async fn import_registry(app: &App, ctx: &Ctx) -> Result<Vec<Firm>> {
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
    Ok(firms)
}

/// Designations: the districts with an official; the rest wait on the coverage view.
async fn designate_liaisons(app: &App, ctx: &Ctx, firms: &[Firm]) -> Result<()> {
    let all_users = users::list(app, ctx, 200, None).await?.items;
    let official_of = |d: &str| {
        all_users
            .iter()
            .find(|u| u.district.as_deref() == Some(d))
            .map(|u| u.id)
    };
    let contacts = {
        let mut rd = app.db.read().await?;
        store::distribution::for_measure(&mut rd, domain::MeasureNo::ONE)
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
    Ok(())
}

/// Difficulties, working records, escalations and replies.
async fn open_difficulties(app: &App, ctx: &Ctx, firms: &[Firm]) -> Result<()> {
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
    Ok(())
}

/// Resumption reports for today.
async fn file_reports(app: &App, ctx: &Ctx, firms: &[Firm]) -> Result<()> {
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
            report_date: domain::dates::show_date(today),
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
