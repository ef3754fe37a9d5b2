//! The demo accounts: one of every role, and more district officials so that designations
//! spread over several districts.

/// (e-mail, name, role, division, district, enterprise USCC)
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

pub const DEMO_USERS: [DemoUser; 11] = [
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
    // Measure 1 is IP3's with IP2 and IP1 beside it: IP2's staff see its cases and add records.
    (
        "staff.ip2@demo.lifeline.cn",
        "周敏 Zhou Min (IP2)",
        "division_staff",
        Some("IP2"),
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
