//! Measure 3: consulting. The topics an inquiry can be about (and so the measure whose leading
//! division answers it), the messaging platforms, and the default SLA targets.

/// Words that mark an inquiry as being about a measure's subject, in Chinese and English.
/// The measure with the most matching words wins; none (or a tie) leaves it with measure 3.
const TOPICS: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "复工",
            "复产",
            "停工",
            "停产",
            "resume work",
            "resumption",
            "reopen",
        ],
    ),
    (
        2,
        &[
            "资金",
            "补贴",
            "补助",
            "奖励",
            "信用保险",
            "信保",
            "保费",
            "拨付",
            "subsidy",
            "subsidies",
            "fund",
            "funds",
            "grant",
            "insurance",
            "payout",
        ],
    ),
    (
        4,
        &["疫情通告", "防控通告", "外语", "notice", "translation"],
    ),
    (
        5,
        &[
            "口罩",
            "防护服",
            "防疫物资",
            "测温",
            "消毒",
            "mask",
            "masks",
            "ppe",
            "protective",
            "disinfect",
        ],
    ),
    (
        6,
        &[
            "通关",
            "海关",
            "报关",
            "清关",
            "检疫",
            "customs",
            "clearance",
            "declaration",
        ],
    ),
    (
        7,
        &[
            "贸易救济",
            "反倾销",
            "反补贴",
            "保障措施",
            "不可抗力",
            "trade remedy",
            "anti-dumping",
            "countervailing",
            "force majeure",
        ],
    ),
    (
        8,
        &[
            "外派",
            "劳务",
            "务工",
            "签证",
            "expatriate",
            "labour",
            "labor",
            "visa",
        ],
    ),
    (
        9,
        &[
            "境外项目",
            "对外投资",
            "援外",
            "承包工程",
            "overseas project",
            "outbound investment",
        ],
    ),
];

/// The measure an inquiry's text is about, if one stands out.
pub fn detect_topic(text: &str) -> Option<i64> {
    let lower = text.to_lowercase();
    let mut best: Option<(i64, usize)> = None;
    let mut tie = false;
    for (measure, words) in TOPICS {
        let hits = words.iter().filter(|w| lower.contains(*w)).count();
        if hits == 0 {
            continue;
        }
        match best {
            Some((_, b)) if hits < b => {}
            Some((_, b)) if hits == b => tie = true,
            _ => {
                best = Some((*measure, hits));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(m, _)| m) }
}

/// Words that point at one item of a measure, and a word that item's name in the table holds
/// (the table's items are matched by that word, so a renamed item only loses the hint).
const ITEMS: &[(i64, &[&str], &str)] = &[
    (
        2,
        &[
            "信用保险",
            "信保",
            "保费",
            "国际市场",
            "export credit",
            "export-credit",
            "credit insurance",
            "market fund",
        ],
        "export-credit-insurance",
    ),
    (2, &["奖励", "奖金", "bonus", "award"], "bonuses"),
    (2, &["培训", "training"], "training"),
];

/// A word to find the item of `measure` that the text is about, if the text names one.
pub fn item_hint(measure: i64, text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    ITEMS
        .iter()
        .filter(|(m, _, _)| *m == measure)
        .find(|(_, words, _)| words.iter().any(|w| lower.contains(w)))
        .map(|(_, _, hint)| *hint)
}

pub const PLATFORMS: &[&str] = &["wechat", "wecom", "dingtalk", "feishu", "other"];
/// How replies are posted to a group's robot: the WeCom group-robot JSON, or a generic JSON.
pub const WEBHOOK_FORMATS: &[&str] = &["wecom", "generic"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_found_in_chinese_and_english() {
        assert_eq!(detect_topic("出口信用保险的保费补贴怎么申请？"), Some(2));
        assert_eq!(
            detect_topic("How do we apply for the export credit insurance subsidy?"),
            Some(2)
        );
        assert_eq!(detect_topic("口罩出口需要什么资质"), Some(5));
        assert_eq!(detect_topic("货物在海关滞留，如何加快通关"), Some(6));
        assert_eq!(detect_topic("请问办公时间"), None);
    }

    #[test]
    fn an_item_is_hinted_by_its_words() {
        assert_eq!(
            item_hint(2, "出口信用保险保费补贴"),
            Some("export-credit-insurance")
        );
        assert_eq!(item_hint(2, "外贸奖励资金"), Some("bonuses"));
        assert_eq!(item_hint(6, "出口信用保险"), None);
    }

    #[test]
    fn a_tie_leaves_the_inquiry_with_consulting() {
        // One word for funds, one for customs: nobody stands out.
        assert_eq!(detect_topic("补贴 customs"), None);
    }
}
