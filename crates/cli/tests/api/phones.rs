//! Issue 13: telephone numbers in E.164. Foreign mobiles and office numbers are accepted and
//! kept with their own country code, Chinese numbers take the configured area code, every
//! number reads as people write it, and a bad one is refused naming its field.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::TestApp;
use testkit::bureau::bureau;

/// A valid credit code of Zhongshan District, the `i`th of a series.
fn uscc(i: usize) -> String {
    let body = format!("91210202MA0PH{i:04}");
    let check = domain::uscc::check_char(body.as_bytes()).unwrap_or('0');
    format!("{body}{check}")
}

async fn register(b: &testkit::bureau::Bureau, uscc: &str, mobile: &str) -> testkit::Res {
    b.t.post(
        "/api/v1/enterprises",
        Some(&b.admin),
        json!({"uscc": uscc, "name": "大连电话测试有限公司", "district": "210202", "kinds": ["foreign_invested"], "contact_mobile": mobile}),
    )
    .await
}

#[tokio::test]
async fn a_contact_mobile_may_be_foreign_and_reads_as_people_write_it() {
    let b = bureau().await;
    for (i, (typed, e164, shown)) in [
        ("+44 7911 123456", "+447911123456", "+44 7911 123456"),
        ("0081 90 1234 5678", "+819012345678", "+81 90-1234-5678"),
        ("138-1234-5678", "+8613812345678", "138 1234 5678"),
    ]
    .into_iter()
    .enumerate()
    {
        let uscc = uscc(i);
        let r = register(&b, &uscc, typed).await;
        assert_eq!(r.status, StatusCode::CREATED, "{typed}: {}", r.text());
        let e =
            b.t.get(&format!("/api/v1/enterprises/{uscc}"), Some(&b.admin))
                .await
                .json();
        assert_eq!(e["contact_mobile"], e164, "{typed}: stored in E.164");
        assert_eq!(e["contact_phone"]["display"], shown, "{typed}");
        assert_eq!(e["contact_phone"]["tel"], e164, "{typed}");
    }
}

#[tokio::test]
async fn a_bad_mobile_is_refused_naming_the_field() {
    let b = bureau().await;
    for (typed, code) in [
        ("+44 12", "invalid_phone"),
        ("+81 3-1234-5678", "not_a_mobile"),
        ("1381234567", "mobile_length"),
        ("138-1234-567x", "phone_bad_char"),
    ] {
        let r = register(&b, &uscc(9), typed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        let p = r.json();
        assert_eq!(p["errors"][0]["field"], "contact_mobile", "{typed}: {p}");
        assert_eq!(p["errors"][0]["code"], code, "{typed}: {p}");
    }
}

const TABLE_HEADER: &str =
    "措施,事项,责任处室,牵头,处长,处长办公电话,处长手机,联系人,联系人办公电话,联系人手机\n";

fn person<'a>(people: &'a Value, name: &str) -> &'a Value {
    people["items"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("{name} missing from {people}"))
}

/// Office numbers: a foreign one keeps its country, a Chinese one without an area code takes
/// the city's, one with an area code keeps its own; mobiles alike.
#[tokio::test]
async fn office_numbers_foreign_and_chinese_with_and_without_area_code() {
    let t = TestApp::new().await;
    let admin = super::organisation::admin(&t).await;
    let table = format!(
        "{TABLE_HEADER}\
         1,,投资促进三处,是,山田太郎,+81 3-1234-5678,+81 90-1234-5678,赵婷,83630302,13904110302\n\
         1,,投资促进二处,,陈志强,010-12345678,+44 7911 123456,周敏,0411-83630202,13904110202\n"
    );
    let r = super::organisation::upload(&t, &admin, "t.csv", table.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let people = t.get("/api/v1/people", Some(&admin)).await.json();
    for (name, field, tel, shown) in [
        (
            "山田太郎",
            "office_phone",
            "+81312345678",
            "+81 3-1234-5678",
        ),
        ("山田太郎", "mobile", "+819012345678", "+81 90-1234-5678"),
        ("陈志强", "office_phone", "+861012345678", "010-12345678"),
        ("陈志强", "mobile", "+447911123456", "+44 7911 123456"),
        ("赵婷", "office_phone", "+8641183630302", "0411-83630302"),
        ("赵婷", "mobile", "+8613904110302", "139 0411 0302"),
        ("周敏", "office_phone", "+8641183630202", "0411-83630202"),
    ] {
        let p = &person(&people, name)[field];
        assert_eq!(p["tel"], tel, "{name} {field}: {p}");
        assert_eq!(p["display"], shown, "{name} {field}: {p}");
    }
    // A bad office number is refused by row, column, value and reason.
    let bad = format!("{TABLE_HEADER}1,,投资促进三处,是,王晓明,+44 12,13804110301,,,\n");
    let r = super::organisation::upload(&t, &admin, "t.csv", bad.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(
        r.json()["errors"][0]["field"],
        "row 2, column chief_office_phone"
    );
}

/// Another city's bureau configures its own area code: the same 8 digits belong to it.
#[tokio::test]
async fn the_area_code_comes_from_the_settings() {
    let settings = app::Settings {
        area_code: "21".into(),
        ..app::Settings::default()
    };
    let t = TestApp::with_settings(testkit::pg_url(), settings).await;
    let admin = super::organisation::admin(&t).await;
    let table = format!("{TABLE_HEADER}1,,投资促进三处,是,王晓明,62345678,13804110301,,,\n");
    let r = super::organisation::upload(&t, &admin, "t.csv", table.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let people = t.get("/api/v1/people", Some(&admin)).await.json();
    let office = &person(&people, "王晓明")["office_phone"];
    assert_eq!(office["tel"], "+862162345678");
    assert_eq!(office["display"], "021-62345678");
}

/// The hotline desk: the line and a foreign caller as people write them.
#[tokio::test]
async fn hotline_numbers_read_as_people_write_them() {
    let b = bureau().await;
    let r =
        b.t.call(
            Method::PUT,
            "/api/v1/hotlines/zs-1",
            Some(&b.admin),
            Some(json!({"district": "210202", "name": "中山区企业服务热线", "number": "82345678"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["number_display"], "0411-82345678");
    let r = b
        .t
        .post(
            "/api/v1/calls",
            Some(&b.staff_ip3),
            json!({"hotline": "zs-1", "caller_name": "Tanaka", "caller_number": "+81 3-1234-5678", "duration_s": 120, "summary": "询问日资企业复工手续"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["caller_number"], "+81312345678");
    assert_eq!(r.json()["caller_display"], "+81 3-1234-5678");
    let r =
        b.t.post(
            "/api/v1/calls",
            Some(&b.staff_ip3),
            json!({"hotline": "zs-1", "caller_number": "+81 12", "duration_s": 60, "summary": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "caller_number");
}
