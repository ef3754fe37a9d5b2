//! The configuration's own tests: secrets, and each setting read and checked.

use super::*;

#[test]
fn secrets_never_print() {
    let cfg = Config::load(Overrides {
        database_url: Some("postgres://app:hunter2hunter2@db/lifeline".into()),
        secret_key: Some("k".repeat(40)),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let printed = format!("{cfg:?}\n{}", cfg.annotated());
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(!printed.contains(&"k".repeat(40)), "{printed}");
    assert!(printed.contains("postgres://app:<redacted>@db/lifeline"));
}

#[test]
fn short_secret_is_refused() {
    assert!(
        Config::load(Overrides {
            secret_key: Some("short".into()),
            ..Default::default()
        })
        .is_err()
    );
}

#[test]
fn the_time_zone_is_configured_and_checked() {
    let dir = std::env::temp_dir().join(format!("lifeline-tz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lifeline.toml");
    let load = |text: &str| {
        std::fs::write(&file, text).unwrap();
        Config::load(Overrides {
            config: Some(file.clone()),
            ..Default::default()
        })
    };
    let default = load("").unwrap();
    assert_eq!(default.settings().calendar.zone.name(), "Asia/Shanghai");
    assert!(
        default
            .annotated()
            .contains("time_zone = \"Asia/Shanghai\"")
    );
    let london = load("time_zone = \"Europe/London\"\n").unwrap();
    assert_eq!(london.settings().calendar.zone.name(), "Europe/London");
    assert!(london.annotated().contains("time_zone = \"Europe/London\""));
    let err = load("time_zone = \"Mars/Olympus\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("time_zone") && err.contains("Mars/Olympus"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_area_code_is_configured_and_checked() {
    let dir = std::env::temp_dir().join(format!("lifeline-area-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lifeline.toml");
    let load = |text: &str| {
        std::fs::write(&file, text).unwrap();
        Config::load(Overrides {
            config: Some(file.clone()),
            ..Default::default()
        })
    };
    let dalian = load("").unwrap();
    assert_eq!(dalian.settings().area_code, "411");
    assert!(dalian.annotated().contains("area_code = \"0411\""));
    let shanghai = load("area_code = \"021\"\n").unwrap();
    assert_eq!(shanghai.settings().area_code, "21");
    assert!(shanghai.annotated().contains("area_code = \"021\""));
    let err = load("area_code = \"0411x\"\n").unwrap_err().to_string();
    assert!(err.contains("area_code") && err.contains("0411x"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn admission_limits_are_on_by_default_configured_and_checked() {
    let dir = std::env::temp_dir().join(format!("lifeline-admission-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lifeline.toml");
    let load = |text: &str| {
        std::fs::write(&file, text).unwrap();
        Config::load(Overrides {
            config: Some(file.clone()),
            ..Default::default()
        })
    };
    let default = load("").unwrap();
    assert_eq!(default.admission, web::admission::Settings::default());
    assert!(default.admission.write.in_flight > 0, "on by default");
    assert!(
        default
            .annotated()
            .contains("[admission]\nwrite_in_flight = 64\n")
    );
    let tight =
        load("[admission]\nwrite_in_flight = 8\nwrite_queue = 0\nretry_after_secs = 3\n").unwrap();
    assert_eq!(tight.admission.write.in_flight, 8);
    assert_eq!(tight.admission.write.queue, 0);
    assert_eq!(tight.admission.retry_after_secs, 3);
    assert_eq!(tight.admission.read, default.admission.read);
    // What print-config prints reads back as the same settings.
    let again = load(&tight.annotated()).unwrap();
    assert_eq!(again.admission, tight.admission);
    let err = load("[admission]\nwrite_wait_ms = 60000\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("write_wait_ms"), "{err}");
    let err = load("[admission]\nretry_after_secs = 0\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("retry_after_secs"), "{err}");
    assert!(
        load("[admission]\nwrite_inflight = 8\n").is_err(),
        "a misspelt key is an error"
    );
    std::fs::remove_dir_all(&dir).ok();
}
