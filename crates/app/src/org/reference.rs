//! The policy's own reference data, seeded into every store: the six divisions (measure 10),
//! their other names, and the ten measures. Seeding inserts what is missing and never
//! overwrites an admin's edit.

use domain::{DivisionCode, MeasureNo};
use serde_json::json;
use store::org::{DivisionRecord, MeasureRecord};

use super::distribution;
use crate::audit::{self, Change};
use crate::{App, Ctx, Result};

/// Measure 10: the six responsible divisions, (code, Chinese name, English name).
pub const DIVISIONS: [(DivisionCode, &str, &str); 6] = [
    (
        DivisionCode::IP1,
        "投资促进一处",
        "Investment Promotion Division I",
    ),
    (
        DivisionCode::IP2,
        "投资促进二处",
        "Investment Promotion Division II",
    ),
    (
        DivisionCode::IP3,
        "投资促进三处",
        "Investment Promotion Division III",
    ),
    (DivisionCode::FT, "对外贸易处", "Foreign Trade Division"),
    (
        DivisionCode::OIEC,
        "对外投资和经济合作处",
        "Overseas Investment and Economic Cooperation Division",
    ),
    (
        DivisionCode::GLA,
        "综合法规处",
        "General and Legal Affairs Division",
    ),
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
pub const ALIASES: [(&str, DivisionCode); 8] = [
    (
        "Foreign Investment and Economic Cooperation Division",
        DivisionCode::OIEC,
    ),
    ("外经处", DivisionCode::OIEC),
    ("对外经济合作处", DivisionCode::OIEC),
    ("外贸处", DivisionCode::FT),
    ("法规处", DivisionCode::GLA),
    ("投促一处", DivisionCode::IP1),
    ("投促二处", DivisionCode::IP2),
    ("投促三处", DivisionCode::IP3),
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
            code: *code,
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
                object_id: d.code.to_string(),
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
                object_id: code.to_string(),
                before: None,
                after: Some(json!({"alias": alias})),
            },
        )
        .await?;
    }
    let have_m = store::org::list_measures(&mut tx).await?;
    for (no, (tz, te, sz, se)) in MeasureNo::all().zip(MEASURES.iter()) {
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
