//! Server-rendered SVG bar charts. Every chart on a page also has a table with the same figures.

use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar: label, value, and the value as shown (e.g. "72%").
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub shown: String,
}

/// A horizontal bar chart scaled to `max` (or the largest value), with an accessible title.
pub fn bars(title: &str, bars: &[Bar], max: Option<i64>) -> String {
    let row = 26;
    let label_w = 230;
    let chart_w = 330;
    let height = row * bars.len() as i64 + 10;
    let top = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).max().unwrap_or(0))
        .max(1);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {} {height}\" width=\"100%\" class=\"chart\"><title>{}</title>",
        label_w + chart_w + 140,
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i as i64 * row + 4;
        let w = (b.value.max(0) * chart_w / top).max(if b.value > 0 { 2 } else { 0 });
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\" fill=\"#1b1f24\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"18\" fill=\"#0b4f8a\" rx=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1b1f24\">{}</text>",
            label_w - 8,
            y + 14,
            esc(&b.label),
            label_w,
            y,
            label_w + w + 6,
            y + 14,
            esc(&b.shown)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale() {
        let svg = bars(
            "T<",
            &[
                Bar {
                    label: "a&b".into(),
                    value: 50,
                    shown: "50%".into(),
                },
                Bar {
                    label: "c".into(),
                    value: 100,
                    shown: "100%".into(),
                },
            ],
            Some(100),
        );
        assert!(svg.contains("a&amp;b") && svg.contains("<title>T&lt;</title>"));
        assert!(
            svg.contains("width=\"165\"") && svg.contains("width=\"330\""),
            "{svg}"
        );
    }
}
