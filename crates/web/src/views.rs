//! Server-rendered templates (minijinja). Templates live in `templates/<area>/` (`common`,
//! `admin`, `org`, `measure1`, `consulting`, `faq`, …) and are named by that path
//! (`"org/directory.html"`); the build embeds every one it finds. Set
//! `LIFELINE_TEMPLATE_DIR` to load them from disk while editing, without a recompile.

use minijinja::value::Kwargs;
use minijinja::{Environment, State, Value};

use crate::embedded::TEMPLATE_FILES;
use crate::i18n::{self, Locale};

pub struct Views {
    env: Environment<'static>,
}

fn locale_of(state: &State) -> Locale {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Locale::parse))
        .unwrap_or(Locale::ZH_CN)
}

/// `t("key", name=value)` in templates.
fn t(state: &State, key: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let mut args = Vec::new();
    for k in kwargs.args() {
        let v: Value = kwargs.get(k)?;
        args.push((k, i18n::arg_of(&v)));
    }
    Ok(i18n::t(locale_of(state), key, &args))
}

/// `text|lines`: text a person typed, shown with its line breaks: escaped as HTML, each line
/// break (`\n`, `\r\n` or `\r`) becoming `<br>`. Use it wherever typed text shows (a case's
/// description, a record, a question, an answer) instead of printing the text as it is.
pub fn lines(text: &str) -> Value {
    let mut html = String::with_capacity(text.len() + 16);
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in normalised.split('\n').enumerate() {
        if i > 0 {
            html.push_str("<br>\n");
        }
        html.push_str(&minijinja::HtmlEscape(line).to_string());
    }
    Value::from_safe_string(html)
}

/// `fen|money`: an amount as people write it in the page's language: `¥1,234.50` in English,
/// `1,234.50 元` in Chinese and Japanese, `1,234.50 위안` in Korean.
pub fn money(state: &State, fen: i64) -> String {
    written(locale_of(state), domain::Money::from_fen(fen))
}

/// An amount as [`money`] writes it, for text built in code (a chart's labels).
pub fn written(locale: Locale, m: domain::Money) -> String {
    let shown = m.to_string();
    let bare = shown.replacen('¥', "", 1);
    match locale.tag() {
        "en" => shown,
        "ko" => format!("{bare} 위안"),
        _ => format!("{bare} 元"),
    }
}

/// `code|country`: an ISO 3166-1 code as the page's language names the country or region
/// (`JP` → 日本 / Japan), or the code itself when the catalogue does not name it.
pub fn country(state: &State, code: &str) -> String {
    crate::i18n::lookup(locale_of(state), &format!("country-{code}"), &[])
        .unwrap_or_else(|| code.to_owned())
}

impl Views {
    /// Loads the templates; `|datetime` shows epoch milliseconds in `zone` (the bureau's).
    pub fn load(zone: domain::dates::Zone) -> Result<Views, String> {
        let mut env = Environment::new();
        if let Ok(dir) = std::env::var("LIFELINE_TEMPLATE_DIR") {
            for (name, _) in TEMPLATE_FILES {
                let src = std::fs::read_to_string(format!("{dir}/{name}"))
                    .map_err(|e| format!("template {name}: {e}"))?;
                env.add_template_owned(*name, src)
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
        } else {
            for (name, src) in TEMPLATE_FILES {
                env.add_template(name, src)
                    .map_err(|e| format!("template {name}: {e}"))?;
            }
        }
        env.add_function("t", t);
        env.add_function("language_name", |code: &str| {
            Locale::parse(code).map_or_else(|| code.to_owned(), Locale::name)
        });
        env.add_filter("datetime", move |ms: i64| zone.datetime(ms));
        env.add_filter("money", money);
        env.add_filter("country", country);
        env.add_filter("percent", |bp: u32| {
            domain::Ratio::from_basis_points(bp).to_string()
        });
        env.add_filter("lines", |v: Value| {
            if v.is_undefined() || v.is_none() {
                Value::from("")
            } else {
                lines(&v.to_string())
            }
        });
        Ok(Views { env })
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| format!("rendering {name}: {e:#}"))
    }
}

#[cfg(test)]
mod tests {
    use domain::dates::Zone;

    fn shown(zone: Zone, ms: i64) -> String {
        let views = super::Views::load(zone).unwrap();
        views
            .env
            .render_str(&format!("{{{{ {ms}|datetime }}}}"), ())
            .unwrap()
    }

    #[test]
    fn money_is_written_as_each_language_writes_it() {
        use crate::i18n::Locale;
        let m = domain::Money::from_fen(123_450);
        let shown = |tag| super::written(Locale::parse(tag).unwrap(), m);
        assert_eq!(shown("en"), "¥1,234.50");
        assert_eq!(shown("zh-CN"), "1,234.50 元");
        assert_eq!(shown("zh-Hant"), "1,234.50 元");
        assert_eq!(shown("ja"), "1,234.50 元");
        assert_eq!(shown("ko"), "1,234.50 위안");
        assert_eq!(
            super::written(Locale::ZH_CN, domain::Money::from_fen(-5)),
            "-0.05 元"
        );
    }

    #[test]
    fn typed_text_keeps_its_lines_and_stays_escaped() {
        let views = super::Views::load(Zone::default()).unwrap();
        let shown = |text: &str| {
            views
                .env
                .render_str("{{ text|lines }}", minijinja::context! { text })
                .unwrap()
        };
        assert_eq!(shown("one\ntwo\r\nthree"), "one<br>\ntwo<br>\nthree");
        assert_eq!(
            shown("<b>x</b> & \"y\"\n<script>"),
            "&lt;b&gt;x&lt;&#x2f;b&gt; &amp; &quot;y&quot;<br>\n&lt;script&gt;"
        );
        assert_eq!(
            views
                .env
                .render_str("{{ none|lines }}", minijinja::context! { none => () })
                .unwrap(),
            ""
        );
    }

    #[test]
    fn datetime_is_shown_in_the_bureaus_zone() {
        // 2020-02-01T00:00:00Z is 08:00 in Beijing (the default zone).
        assert_eq!(
            shown(Zone::default(), 1_580_515_200_000),
            "2020-02-01 08:00"
        );
        assert_eq!(
            shown(Zone::default(), 1_580_486_400_000),
            "2020-02-01 00:00"
        );
        let new_york = Zone::parse("America/New_York").unwrap();
        assert_eq!(shown(new_york, 1_580_515_200_000), "2020-01-31 19:00");
    }
}
