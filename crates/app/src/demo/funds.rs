//! Measure 2's demo data: the nine programmes the measure names, each under its item of the
//! work-distribution table, with a legal basis, the 2020 budget, payment mode, documents and
//! deadlines.

use crate::funds::{self, ProgrammeInput};
use crate::{App, Ctx, Result};

const BONUSES: &str = "bonuses and awards";
const FUNDS: &str = "SME international-market fund, export-credit-insurance fund";
const TRAINING: &str = "online training for staff sent abroad";
const POLICY: &str = "《大连市应对新冠肺炎疫情支持外资外贸企业若干措施》";

/// (code, Chinese name, English name, item, clause, budget in yuan, payment mode, documents,
/// closes on).
type Programme = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static [&'static str],
    &'static str,
);

pub const PROGRAMMES: [Programme; 9] = [
    (
        "foreign_investment_bonus",
        "外商投资奖励",
        "Foreign-investment bonus",
        BONUSES,
        "第二条第（一）项",
        30_000_000,
        "in_advance",
        &[
            "营业执照 Business licence",
            "验资报告 Capital verification report",
            "外汇登记证明 Foreign-exchange registration",
        ],
        "2020-12-31",
    ),
    (
        "locating_bonus",
        "落户奖励",
        "Bonus for locating in the city",
        BONUSES,
        "第二条第（二）项",
        10_000_000,
        "in_advance",
        &["营业执照 Business licence", "落户协议 Location agreement"],
        "2020-12-31",
    ),
    (
        "scale_up_bonus",
        "增资扩产建设奖励",
        "Bonus for scaling up investment and construction",
        BONUSES,
        "第二条第（三）项",
        20_000_000,
        "in_advance",
        &[
            "营业执照 Business licence",
            "固定资产投资凭证 Fixed-asset investment vouchers",
        ],
        "2020-12-31",
    ),
    (
        "rd_centre_bonus",
        "外资研发中心奖励",
        "Bonus for new foreign-invested R&D centres",
        BONUSES,
        "第二条第（四）项",
        5_000_000,
        "in_advance",
        &[
            "营业执照 Business licence",
            "研发中心认定文件 R&D centre recognition",
        ],
        "2020-12-31",
    ),
    (
        "revenue_award",
        "营业收入奖励",
        "Revenue award",
        BONUSES,
        "第二条第（五）项",
        15_000_000,
        "on_settlement",
        &[
            "营业执照 Business licence",
            "年度审计报告 Annual audit report",
        ],
        "2021-03-31",
    ),
    (
        "executive_award",
        "高管奖励",
        "Senior-executive award",
        BONUSES,
        "第二条第（六）项",
        3_000_000,
        "on_settlement",
        &[
            "个人所得税完税证明 Individual income-tax certificate",
            "劳动合同 Employment contract",
        ],
        "2021-03-31",
    ),
    (
        "sme_market_fund",
        "中小企业国际市场开拓资金",
        "SME international-market fund",
        FUNDS,
        "第二条第（七）项",
        3_000_000,
        "examined_in_advance",
        &[
            "营业执照 Business licence",
            "参展合同 Exhibition contract",
            "发票 Invoices",
            "付款凭证 Proof of payment",
        ],
        "2020-10-31",
    ),
    (
        "export_insurance_subsidy",
        "出口信用保险保费补贴",
        "Export-credit-insurance premium subsidy",
        FUNDS,
        "第二条第（八）项",
        12_000_000,
        "examined_in_advance",
        &[
            "保险单 Insurance policy",
            "保费缴纳凭证 Proof of premium payment",
        ],
        "2020-11-30",
    ),
    (
        "online_training_charges",
        "外派人员线上培训费用",
        "Online-training charges for staff sent abroad",
        TRAINING,
        "第二条第（九）项",
        1_000_000,
        "fully_covered",
        &[
            "培训发票 Training invoice",
            "外派人员名单 List of staff sent abroad",
        ],
        "2020-12-31",
    ),
];

/// Adds the nine programmes, all published, open from 1 March 2020.
pub(super) async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    for (code, zh, en, item, clause, yuan, mode, docs, closes) in PROGRAMMES {
        funds::create_programme(
            app,
            ctx,
            &ProgrammeInput {
                code: Some(code.into()),
                name_zh: Some(zh.into()),
                name_en: Some(en.into()),
                item: Some(item.into()),
                legal_document: Some(POLICY.into()),
                legal_clause: Some(clause.into()),
                year: Some(2020),
                budget: Some(yuan * 100),
                payment_mode: Some(mode.into()),
                documents: Some(docs.iter().map(|d| (*d).to_owned()).collect()),
                opens_on: Some("2020-03-01".into()),
                closes_on: Some(closes.into()),
                published: Some(true),
            },
        )
        .await?;
    }
    Ok(())
}
