//! The organisation's reference data: the six divisions and the ten measures.
//!
//! Both are the policy itself, so every store is seeded with them (idempotently); admins may
//! edit a measure's wording later. The submodules hold the staff directory and working group,
//! the work-distribution table with its routing, and the table's import and export.

pub mod check;
pub mod distribution;
pub mod export;
pub mod import;
pub mod people;

use domain::{Action, MeasureNo, Resource};
use serde::Serialize;
use serde_json::json;
use store::org::{DivisionRecord, MeasureRecord};

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// Measure 10: the six responsible divisions, (code, Chinese name, English name).
pub const DIVISIONS: [(&str, &str, &str); 6] = [
    ("IP1", "投资促进一处", "Investment Promotion Division I"),
    ("IP2", "投资促进二处", "Investment Promotion Division II"),
    ("IP3", "投资促进三处", "Investment Promotion Division III"),
    ("FT", "对外贸易处", "Foreign Trade Division"),
    (
        "OIEC",
        "对外投资和经济合作处",
        "Overseas Investment and Economic Cooperation Division",
    ),
    ("GLA", "综合法规处", "General and Legal Affairs Division"),
];

/// The ten measures in our words: (title zh, title en, summary zh, summary en).
pub const MEASURES: [(&str, &str, &str, &str); 10] = [
    (
        "建立复工复产帮扶机制",
        "Assistance mechanism for resuming operation and production",
        "各区县市、先导区商务部门登记复工复产有困难的企业，每家企业明确一名区级政府联系领导和一名联络员，建立工作台账，日常管理、协调推进，及时解决问题；重大问题逐一研究，一事一策。",
        "District, county, city and pilot-area commerce departments register enterprises that have difficulty resuming work. Each gets a designated district-level official and a contact. Working records are kept; problems are tackled in time; significant issues are solved one by one with targeted solutions.",
    ),
    (
        "加快政策资金兑现",
        "Policy funds paid faster and used well",
        "修订外资奖励政策，扩大受益面。外资落户、增资扩产、研发中心等奖励提前拨付；营收和高管奖励在清算后即时兑现。中小企业国际市场开拓资金、出口信用保险资金提前申报、审核，加快拨付。外派人员线上培训费用全额补贴。",
        "The foreign-investment incentive policy is revised so more enterprises benefit. Bonuses for locating, scaling up and new R&D centres are paid in advance; revenue and executive awards as soon as settlement is done. The SME international-market fund and the export-credit-insurance fund are examined in advance and paid faster. Online training for staff sent abroad is fully covered.",
    ),
    (
        "开展线上线下咨询服务",
        "Online and offline consulting",
        "各区建立企业微信服务群，开通咨询热线，疫情期间设立快速服务通道，及时解答和解决企业问题。提前准备常见问题解答，并根据形势及时更新。",
        "Each district sets up messaging-app service groups and consulting hotlines, with a fast service channel during the epidemic. Answers to common questions are prepared in advance and updated as things change.",
    ),
    (
        "做好疫情信息通报",
        "Epidemic information notification",
        "通过外商投资企业协会、外国商会、外资金融机构、互联网和即时通讯工具，以中、英、日、韩文向外资企业外籍员工及港澳台员工通报本市疫情进展和政府措施。",
        "The city's epidemic progress and the government's measures are reported to foreign employees and to employees from Hong Kong, Macao and Taiwan, through associations, chambers, foreign financial institutions, the internet and messaging apps, in Chinese, English, Japanese and Korean.",
    ),
    (
        "发布防疫物资生产企业信息",
        "Information on anti-epidemic material manufacturers",
        "向企业发布境外、国内、省内、市内防疫物资生产销售企业信息，会同各区协调企业复产所需物资。",
        "Information on manufacturers abroad, in the country, the province and the city that produce and sell anti-epidemic materials is released to enterprises; the materials needed after resuming production are coordinated with the districts.",
    ),
    (
        "便利通关",
        "Customs clearance facilitation",
        "动员进出口企业寻找口罩、防护服等紧缺物资境外货源，协调海关、机场、港口、运输部门及沿线地区，打通物流堵点，确保防疫和生产物资快速安全通关、放行和运达。",
        "Import and export enterprises are mobilised to find foreign suppliers of scarce supplies. Customs, airport, port and transport departments are coordinated to clear logistics bottlenecks so materials are cleared, released and delivered quickly and safely.",
    ),
    (
        "开展贸易救济",
        "Trade remedies",
        "指导因疫情不能按时履约或参加境外展会的企业向国内外贸促机构、商会和展会主办方申请不可抗力证明，提供法律和信息服务；指导面临收汇风险的企业投保出口信用保险并报损索赔。年初至疫情结束的信保保费补贴比例由60%提高到80%。",
        "Enterprises that cannot deliver a contract or attend an exhibition because of the epidemic are guided to obtain force-majeure certificates, with legal and information services. Enterprises facing collection risk are guided to export credit insurance and claims. The premium subsidy rises from 60 % to 80 % for the epidemic period.",
    ),
    (
        "做好外派劳务服务",
        "Expatriate labour service",
        "一季度上线对外劳务合作网上管理系统，劳务项目和人员的招收、备案、培训全部网上办理，取消《外派劳务项目审查表》和《劳务人员招收备案表》两张纸质表格。",
        "An online system for outsourced labour goes live in the first quarter: recruitment, filing and training are done online, and the two paper forms are abolished.",
    ),
    (
        "保障境外项目安全运营",
        "Safe operation of overseas projects",
        "在国家部委支持下，会同发改、公安、财政、司法等部门，及时解决境外项目困难，重大问题专题研究。",
        "With the national ministry and the city's development-and-reform, public-security, finance and legal departments, the difficulties of overseas projects are solved in time; major issues get special study.",
    ),
    (
        "建立帮扶服务工作机制",
        "A working mechanism for assistance services",
        "成立由局长任组长、副局长任副组长的工作专班，投资促进一处、二处、三处、对外贸易处、对外投资和经济合作处、综合法规处为责任处室；加强内部沟通协调和信息共享，跟踪其他部门和地区出台的政策，提出新的政策建议。",
        "A working group led by the director with the deputy directors as deputy leaders; six divisions responsible. Internal communication, coordination and information sharing; policies of other departments and regions are tracked; new policies and suggestions are proposed.",
    ),
];

/// Other names the divisions go by (configured aliases; admins can add more).
pub const ALIASES: [(&str, &str); 8] = [
    (
        "Foreign Investment and Economic Cooperation Division",
        "OIEC",
    ),
    ("外经处", "OIEC"),
    ("对外经济合作处", "OIEC"),
    ("外贸处", "FT"),
    ("法规处", "GLA"),
    ("投促一处", "IP1"),
    ("投促二处", "IP2"),
    ("投促三处", "IP3"),
];

/// Inserts the divisions, aliases and measures that are missing; never overwrites an edit.
pub async fn seed_reference(app: &App) -> Result<()> {
    let ctx = Ctx::system("seed");
    let mut tx = app.db.begin().await?;
    let have_div = store::org::list_divisions(&mut tx).await?;
    for (i, (code, zh, en)) in DIVISIONS.iter().enumerate() {
        if have_div.iter().any(|d| d.code == *code) {
            continue;
        }
        let d = DivisionRecord {
            code: (*code).into(),
            name_zh: (*zh).into(),
            name_en: (*en).into(),
            sort: i as i64 + 1,
        };
        store::org::upsert_division(&mut tx, &d).await?;
        audit::record(
            app,
            &mut tx,
            &ctx,
            Change {
                action: "division_seeded",
                object_type: "division",
                object_id: d.code.clone(),
                before: None,
                after: Some(json!({"name_zh": zh, "name_en": en})),
            },
        )
        .await?;
    }
    let have_alias = store::org::list_aliases(&mut tx).await?;
    for (alias, code) in ALIASES {
        let key = distribution::normalise(alias);
        if have_alias.iter().any(|(a, _)| *a == key) {
            continue;
        }
        store::org::upsert_alias(&mut tx, &key, code).await?;
        audit::record(
            app,
            &mut tx,
            &ctx,
            Change {
                action: "division_alias_seeded",
                object_type: "division",
                object_id: code.into(),
                before: None,
                after: Some(json!({"alias": alias})),
            },
        )
        .await?;
    }
    let have_m = store::org::list_measures(&mut tx).await?;
    for (i, (tz, te, sz, se)) in MEASURES.iter().enumerate() {
        let no = i as i64 + 1;
        if have_m.iter().any(|m| m.no == no) {
            continue;
        }
        let m = MeasureRecord {
            no,
            title_zh: (*tz).into(),
            title_en: (*te).into(),
            summary_zh: (*sz).into(),
            summary_en: (*se).into(),
            updated_at: app.now(),
        };
        store::org::upsert_measure(&mut tx, &m).await?;
        audit::record(
            app,
            &mut tx,
            &ctx,
            Change {
                action: "measure_seeded",
                object_type: "measure",
                object_id: no.to_string(),
                before: None,
                after: Some(json!({"title_en": te})),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DivisionView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureView {
    pub no: i64,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
}

fn measure_view(m: MeasureRecord) -> MeasureView {
    MeasureView {
        no: m.no,
        title_zh: m.title_zh,
        title_en: m.title_en,
        summary_zh: m.summary_zh,
        summary_en: m.summary_en,
    }
}

/// The divisions (public reference data: the policy names them).
pub async fn divisions(app: &App) -> Result<Vec<DivisionView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_divisions(&mut rd)
        .await?
        .into_iter()
        .map(|d| DivisionView {
            code: d.code,
            name_zh: d.name_zh,
            name_en: d.name_en,
        })
        .collect())
}

/// The ten measures (public: the policy is published).
pub async fn measures(app: &App) -> Result<Vec<MeasureView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_measures(&mut rd)
        .await?
        .into_iter()
        .map(measure_view)
        .collect())
}

pub async fn measure(app: &App, no: i64) -> Result<MeasureView> {
    let no = MeasureNo::new(no).map_err(|_| AppError::NotFound)?;
    let mut rd = app.db.read().await?;
    store::org::get_measure(&mut rd, no.get())
        .await?
        .map(measure_view)
        .ok_or(AppError::NotFound)
}

/// An admin edits a measure's wording.
pub async fn update_measure(
    app: &App,
    ctx: &Ctx,
    no: i64,
    title_zh: &str,
    title_en: &str,
    summary_zh: &str,
    summary_en: &str,
) -> Result<MeasureView> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let no = MeasureNo::new(no).map_err(|m| AppError::invalid("no", "invalid_measure", m))?;
    let mut errs = Vec::new();
    for (field, v) in [
        ("title_zh", title_zh),
        ("title_en", title_en),
        ("summary_zh", summary_zh),
        ("summary_en", summary_en),
    ] {
        if v.trim().is_empty() {
            errs.push(domain::FieldError::new(
                field,
                "required",
                format!("{field} is required"),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    let before = store::org::get_measure(&mut tx, no.get())
        .await?
        .ok_or(AppError::NotFound)?;
    let after = MeasureRecord {
        no: no.get(),
        title_zh: title_zh.trim().into(),
        title_en: title_en.trim().into(),
        summary_zh: summary_zh.trim().into(),
        summary_en: summary_en.trim().into(),
        updated_at: app.now(),
    };
    store::org::upsert_measure(&mut tx, &after).await?;
    let (b, a) = (measure_view(before), measure_view(after));
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "measure_updated",
            object_type: "measure",
            object_id: no.get().to_string(),
            before: Some(json!(b)),
            after: Some(json!(a)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// A measure with its rows of the work-distribution table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureDetail {
    #[serde(flatten)]
    pub measure: MeasureView,
    pub responsibilities: Vec<distribution::Responsibility>,
}

pub async fn measure_detail(app: &App, ctx: &Ctx, no: i64) -> Result<MeasureDetail> {
    let measure = measure(app, no).await?;
    let responsibilities = distribution::for_measure(app, ctx, measure.no).await?;
    Ok(MeasureDetail {
        measure,
        responsibilities,
    })
}

/// Adds another name for a division (admins), e.g. the name an older table uses.
pub async fn add_alias(app: &App, ctx: &Ctx, code: &str, alias: &str) -> Result<()> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let code = domain::DivisionCode::parse(code)
        .map_err(|m| AppError::invalid("division", "unknown_division", m))?;
    let key = distribution::normalise(alias);
    if key.is_empty() {
        return Err(AppError::invalid(
            "alias",
            "required",
            "an alias is required",
        ));
    }
    let mut tx = app.db.begin().await?;
    let names = distribution::DivisionNames::load(&mut tx).await?;
    if let Some((other, _)) = names.resolve(&key).filter(|(c, _)| c != code.as_str()) {
        return Err(AppError::invalid(
            "alias",
            "alias_taken",
            format!("\"{alias}\" already names {other}"),
        ));
    }
    store::org::upsert_alias(&mut tx, &key, code.as_str()).await?;
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "division_alias_added",
            object_type: "division",
            object_id: code.as_str().into(),
            before: None,
            after: Some(json!({"alias": alias})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A district, county-level city, county or pilot area (GB/T 2260 code).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DistrictView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
}

pub const DISTRICT_KINDS: [&str; 4] = ["district", "county_city", "county", "pilot_area"];

pub async fn districts(app: &App) -> Result<Vec<DistrictView>> {
    let mut rd = app.db.read().await?;
    Ok(store::org::list_districts(&mut rd)
        .await?
        .into_iter()
        .map(|d| DistrictView {
            code: d.code,
            name_zh: d.name_zh,
            name_en: d.name_en,
            kind: d.kind,
        })
        .collect())
}

/// Loads a bureau's districts from a table `code,name_zh,name_en,kind` (admins). All rows or none.
pub async fn import_districts(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    format: crate::imports::Format,
) -> Result<usize> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let table = crate::imports::read::read_rows(bytes, format, false)
        .map_err(|m| AppError::invalid("file", "unreadable_file", m))?;
    let mut errs = Vec::new();
    let mut rows = Vec::new();
    for r in table.iter().skip(1) {
        let (row, cells) = (r.number, &r.cells);
        let c = |k: usize| {
            cells
                .get(k)
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let code = match domain::DistrictCode::parse(&c(0)) {
            Ok(d) => d.as_str().to_owned(),
            Err(m) => {
                errs.push(domain::FieldError::new(
                    format!("row {row}, column code"),
                    "invalid_district",
                    m,
                ));
                continue;
            }
        };
        if c(1).is_empty() || c(2).is_empty() {
            errs.push(domain::FieldError::new(
                format!("row {row}, column name_zh/name_en"),
                "required",
                "both names are required",
            ));
        }
        if !DISTRICT_KINDS.contains(&c(3).as_str()) {
            errs.push(domain::FieldError::new(
                format!("row {row}, column kind"),
                "invalid_kind",
                format!(
                    "value \"{}\": the kinds are {}",
                    c(3),
                    DISTRICT_KINDS.join(", ")
                ),
            ));
        }
        rows.push(store::org::DistrictRecord {
            code,
            name_zh: c(1),
            name_en: c(2),
            kind: c(3),
        });
    }
    if !errs.is_empty() {
        return Err(AppError::Invalid(errs));
    }
    let mut tx = app.db.begin().await?;
    for d in &rows {
        store::org::upsert_district(&mut tx, d).await?;
        audit::record(
            app,
            &mut tx,
            ctx,
            Change {
                action: "district_loaded",
                object_type: "district",
                object_id: d.code.clone(),
                before: None,
                after: Some(json!({"name_zh": d.name_zh, "name_en": d.name_en, "kind": d.kind})),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
