//! Demo data for measure 3: the 2020 Spring Festival calendar, hotlines, a WeCom service group
//! whose robot is `lifeline webhook-receiver`, FAQ entries in four languages, and inquiries
//! that arrived on each channel.

use crate::consulting::channels::{self, CallInput, HotlineInput, Question};
use crate::consulting::faq::{self, FaqInput, Text};
use crate::consulting::{self, NewGroup};
use crate::{App, Ctx, Result};

/// The public holidays and make-up working days of early 2020 (the State Council's notice
/// extended the Spring Festival to 2 February).
pub const CALENDAR_2020: &str = "date,type,name
2020-01-01,holiday,元旦 New Year's Day
2020-01-19,workday,春节调休 make-up working day
2020-01-24,holiday,春节 Spring Festival
2020-01-27,holiday,春节 Spring Festival
2020-01-28,holiday,春节 Spring Festival
2020-01-29,holiday,春节 Spring Festival
2020-01-30,holiday,春节延长 extended
2020-01-31,holiday,春节延长 extended
2020-04-06,holiday,清明节 Qingming
2020-04-26,workday,劳动节调休 make-up working day
2020-05-01,holiday,劳动节 Labour Day
2020-05-04,holiday,劳动节 Labour Day
2020-05-05,holiday,劳动节 Labour Day
2020-05-09,workday,劳动节调休 make-up working day
";

/// Where the demo group's robot posts replies: run `lifeline webhook-receiver` to see them.
pub const DEMO_ROBOT_URL: &str = "http://127.0.0.1:8099/robot";
pub const DEMO_GROUP_NAME: &str = "中山区外资企业服务群 Zhongshan foreign-invested enterprises";

const FAQ: [(&str, &str, &str, &str, i64); 5] = [
    (
        "出口信用保险保费补贴怎么申请？",
        "登录商务局网站下载《出口信用保险保费补贴申请表》，连同保单和缴费凭证提交至对外贸易处；符合条件的不需另行申请，按投保记录直接拨付。",
        "How do we apply for the export-credit-insurance premium subsidy?",
        "Download the application form from the Bureau's website and send it with the policy and proof of payment to the Foreign Trade Division; eligible policies are paid out from the insurance records without an application.",
        2,
    ),
    (
        "企业如何申请口罩出口许可？",
        "口罩属医疗物资，出口须具备医疗器械注册证书，并符合进口国标准。可向对外贸易处咨询白名单。",
        "How do we get an export licence for masks?",
        "Masks are medical supplies: exports need a medical-device registration certificate and must meet the importing country's standards. Ask the Foreign Trade Division about the white list.",
        5,
    ),
    (
        "货物在港口滞留，如何加快通关？",
        "可通过“提前申报”和“两步申报”加快通关；急需防疫物资可申请绿色通道。",
        "Our goods are held at the port: how can clearance be faster?",
        "Use advance declaration and two-step declaration; urgently needed epidemic-prevention goods can use the green channel.",
        6,
    ),
    (
        "受疫情影响无法履约，能否申请不可抗力证明？",
        "可向贸促会申请不可抗力事实性证明，商务局可协助准备材料。",
        "Can we get a force-majeure certificate when the epidemic stops us delivering?",
        "Apply to the CCPIT for a certificate of the facts of force majeure; the Bureau helps prepare the documents.",
        7,
    ),
    (
        "外派劳务人员返岗有哪些防疫要求？",
        "出境前14天健康监测，持核酸阴性证明；境外项目须制定防疫方案。",
        "What epidemic rules apply to expatriate workers going back?",
        "Fourteen days of health monitoring before departure and a negative nucleic-acid test; overseas projects need an epidemic-prevention plan.",
        8,
    ),
];

/// The FAQ entries, in Chinese and English (the second also in Japanese and Korean), all
/// published but the last, which is scheduled a week ahead.
async fn publish_faq(app: &App, ctx: &Ctx) -> Result<()> {
    for (i, (q_zh, a_zh, q_en, a_en, measure)) in FAQ.iter().enumerate() {
        let mut texts = vec![
            Text {
                lang: "zh-CN".into(),
                question: (*q_zh).into(),
                answer: (*a_zh).into(),
            },
            Text {
                lang: "en".into(),
                question: (*q_en).into(),
                answer: (*a_en).into(),
            },
        ];
        if i == 1 {
            texts.push(Text {
                lang: "ja".into(),
                question: "マスクの輸出許可はどう申請しますか？".into(),
                answer: "マスクは医療物資です。医療機器登録証が必要で、輸入国の基準を満たす必要があります。".into(),
            });
            texts.push(Text {
                lang: "ko".into(),
                question: "마스크를 수출하려면 무엇이 필요합니까?".into(),
                answer: "마스크는 의료 물자이므로 의료기기 등록증이 필요하며 수입국 기준을 충족해야 합니다.".into(),
            });
        }
        let e = faq::save(
            app,
            ctx,
            None,
            &FaqInput {
                measure: Some(*measure),
                tags: vec!["防疫".into()],
                texts,
                note: "prepared in advance".into(),
            },
        )
        .await?;
        let id =
            uuid::Uuid::parse_str(&e.id).map_err(|e| crate::AppError::Unexpected(e.to_string()))?;
        // The last one is prepared in advance, to appear in a week.
        let at = (i == FAQ.len() - 1).then(|| app.now() + 7 * 86_400_000);
        faq::set_status(app, ctx, id, "published", at).await?;
    }
    Ok(())
}

pub async fn seed(app: &App, ctx: &Ctx) -> Result<()> {
    let opts = crate::imports::Options::new(false, false);
    let csv = crate::imports::Format::Csv;
    let report =
        crate::cases::calendar::import(app, ctx, CALENDAR_2020.as_bytes(), csv, opts).await?;
    if !report.errors.is_empty() {
        let first = report.errors[0].to_string();
        return Err(crate::AppError::Unexpected(format!(
            "demo calendar: {first}"
        )));
    }
    for (code, district, name, number) in [
        ("zs-hotline", "210202", "中山区企业服务热线", "82810001"),
        ("xg-hotline", "210203", "西岗区企业服务热线", "83630002"),
        ("city-hotline", "210204", "市商务局咨询热线", "83630000"),
    ] {
        channels::put_hotline(
            app,
            ctx,
            code,
            &HotlineInput {
                district: district.into(),
                name: name.into(),
                number: number.into(),
            },
        )
        .await?;
    }
    consulting::create_group(
        app,
        ctx,
        &NewGroup {
            platform: "wecom".into(),
            name: DEMO_GROUP_NAME.into(),
            district: "210202".into(),
            webhook_url: Some(DEMO_ROBOT_URL.into()),
            webhook_format: Some("wecom".into()),
            staff: vec!["staff.ip3@demo.lifeline.cn".into()],
        },
    )
    .await?;
    publish_faq(app, ctx).await?;
    let staff = Ctx::system("demo");
    channels::log_call(
        app,
        &staff,
        &CallInput {
            hotline: "zs-hotline".into(),
            caller_name: "刘女士".into(),
            caller_number: "13804112233".into(),
            duration_s: 260,
            summary: "询问复工后员工核酸检测费用能否申请补贴".into(),
            ..CallInput::default()
        },
    )
    .await?;
    let mut public = Ctx::system("public_form");
    public.client_addr = Some("203.0.113.7".into());
    channels::ask(
        app,
        &public,
        &Question {
            question: "我们是外资企业，防疫物资进口可以走绿色通道吗？".into(),
            contact_name: "Tanaka".into(),
            contact: "tanaka@example.jp".into(),
            ..Question::default()
        },
        "web",
    )
    .await?;
    Ok(())
}

/// The demo group's intake path and signing secret, for the start-up hint.
pub async fn demo_group(app: &App) -> Result<Option<(String, String)>> {
    let district = domain::DistrictCode::parse("210202").ok();
    let mut rd = app.db.read().await?;
    Ok(store::consulting::list_groups(&mut rd, district.as_ref())
        .await?
        .into_iter()
        .find(|g| g.name == DEMO_GROUP_NAME)
        .map(|g| (g.id.to_string(), g.secret)))
}
