//! The bureau's working hours and weekdays as configuration writes them.

use super::DAY_MINUTES;

/// Working periods written as `09:00-12:00,13:30-17:30` (sorted, not overlapping).
pub fn parse_working_hours(s: &str) -> Result<Vec<(u32, u32)>, String> {
    let minute = |t: &str| -> Result<u32, String> {
        let (h, m) = t
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("\"{t}\" is not a time like 09:00"))?;
        let (h, m): (u32, u32) = (
            h.parse()
                .map_err(|_| format!("\"{t}\" is not a time like 09:00"))?,
            m.parse()
                .map_err(|_| format!("\"{t}\" is not a time like 09:00"))?,
        );
        if h > 24 || m > 59 || h * 60 + m > DAY_MINUTES {
            return Err(format!("\"{t}\" is not a time of day"));
        }
        Ok(h * 60 + m)
    };
    let mut periods = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part
            .split_once('-')
            .ok_or_else(|| format!("\"{part}\" is not a period like 09:00-12:00"))?;
        let (a, b) = (minute(a)?, minute(b)?);
        if a >= b {
            return Err(format!("\"{part}\" ends before it starts"));
        }
        if periods.last().is_some_and(|&(_, end)| a < end) {
            return Err(format!(
                "\"{part}\" overlaps or precedes the period before it"
            ));
        }
        periods.push((a, b));
    }
    if periods.is_empty() {
        return Err("give at least one working period, e.g. 09:00-12:00,13:30-17:30".into());
    }
    Ok(periods)
}

/// Working weekdays written as `mon,tue,wed,thu,fri` (or a range such as `mon-fri`).
pub fn parse_working_days(s: &str) -> Result<[bool; 7], String> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let index = |d: &str| {
        let d = d.trim().to_lowercase();
        NAMES
            .iter()
            .position(|n| d.starts_with(n))
            .ok_or_else(|| format!("\"{d}\" is not a weekday (mon … sun)"))
    };
    let mut days = [false; 7];
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (index(a)?, index(b)?);
                if a > b {
                    return Err(format!("\"{part}\" runs backwards"));
                }
                for d in &mut days[a..=b] {
                    *d = true;
                }
            }
            None => days[index(part)?] = true,
        }
    }
    if !days.iter().any(|d| *d) {
        return Err("give at least one working weekday, e.g. mon-fri".into());
    }
    Ok(days)
}
