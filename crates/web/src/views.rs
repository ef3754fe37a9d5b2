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

/// Formats epoch milliseconds in the bureau's zone (UTC+8, which has no daylight saving).
fn datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + 8 * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Views {
    pub fn load() -> Result<Views, String> {
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
        env.add_filter("datetime", datetime);
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
    #[test]
    fn datetime_is_shown_in_beijing_time() {
        // 2020-02-01T00:00:00Z is 08:00 in Beijing.
        assert_eq!(super::datetime(1_580_515_200_000), "2020-02-01 08:00");
        assert_eq!(super::datetime(1_580_486_400_000), "2020-02-01 00:00");
    }
}
