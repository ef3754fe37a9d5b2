//! The policy's value types as columns: how a `Uscc`, a `DistrictCode`, a `DivisionCode`, a
//! `MeasureNo`, a case `Status` or a calendar date (`jiff::civil::Date`, as `YYYY-MM-DD`) is bound as a parameter and read back from a row.
//!
//! They are stored as they print (text; a measure as an integer), so the schema does not
//! change. Reading parses again: a stored value that is not valid is reported as a column of
//! the wrong type, never passed on as if it were.

use domain::cases::Status;
use domain::dates::{parse_civil_date, show_date};
use domain::funds::{PaymentSource, PaymentStatus};
use domain::{DistrictCode, DivisionCode, MeasureNo, Uscc};

use jiff::civil::Date;

use crate::db::Value;
use crate::list::FromValue;

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

macro_rules! text_column {
    ($t:ty, $parse:expr, $show:expr) => {
        impl FromValue for $t {
            fn from_value(v: &Value) -> Option<Self> {
                text(v).and_then(|s| $parse(s))
            }
        }
        impl From<&$t> for Value {
            fn from(v: &$t) -> Value {
                Value::Text($show(v))
            }
        }
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                Value::from(&v)
            }
        }
        impl From<Option<&$t>> for Value {
            fn from(v: Option<&$t>) -> Value {
                v.map_or(Value::Null(crate::db::Kind::Text), Value::from)
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Value {
                Value::from(v.as_ref())
            }
        }
    };
}

text_column!(Uscc, |s: &str| Uscc::parse(s).ok(), |u: &Uscc| u
    .as_str()
    .to_owned());
text_column!(
    DistrictCode,
    |s: &str| DistrictCode::parse(s).ok(),
    |d: &DistrictCode| d.as_str().to_owned()
);
text_column!(
    DivisionCode,
    |s: &str| DivisionCode::parse(s).ok(),
    |d: &DivisionCode| d.as_str().to_owned()
);
text_column!(PaymentSource, PaymentSource::parse, |s: &PaymentSource| s
    .as_str()
    .to_owned());
text_column!(PaymentStatus, PaymentStatus::parse, |s: &PaymentStatus| s
    .as_str()
    .to_owned());
text_column!(Status, Status::parse, |s: &Status| s.as_str().to_owned());
text_column!(Date, |s: &str| parse_civil_date(s).ok(), |d: &Date| {
    show_date(*d)
});

impl FromValue for MeasureNo {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|n| MeasureNo::new(n).ok())
    }
}

impl From<MeasureNo> for Value {
    fn from(m: MeasureNo) -> Value {
        Value::I64(m.get())
    }
}

impl From<Option<MeasureNo>> for Value {
    fn from(m: Option<MeasureNo>) -> Value {
        m.map_or(Value::Null(crate::db::Kind::I64), Value::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_bad_stored_text_is_refused() {
        let u = Uscc::parse("91440300708461136T").unwrap();
        assert_eq!(Uscc::from_value(&Value::from(&u)), Some(u));
        let d = DistrictCode::parse("210202").unwrap();
        assert_eq!(DistrictCode::from_value(&Value::from(&d)), Some(d));
        assert_eq!(
            DivisionCode::from_value(&Value::from(DivisionCode::OIEC)),
            Some(DivisionCode::OIEC)
        );
        let m = MeasureNo::new(3).unwrap();
        assert_eq!(MeasureNo::from_value(&Value::from(m)), Some(m));
        assert_eq!(
            Status::from_value(&Value::from(Status::WaitingOnEnterprise)),
            Some(Status::WaitingOnEnterprise)
        );
        let day = Date::constant(2020, 2, 29);
        assert_eq!(Value::from(day), Value::Text("2020-02-29".to_owned()));
        assert_eq!(Date::from_value(&Value::from(day)), Some(day));
        for bad in ["2020-02-30", "2020-2-3", "1899-12-31", ""] {
            assert!(
                Date::from_value(&Value::Text(bad.to_owned())).is_none(),
                "{bad}"
            );
        }
        for bad in ["91440300708461136U", "210200", "XX", "open"] {
            let v = Value::Text(bad.to_owned());
            assert!(Uscc::from_value(&v).is_none(), "{bad}");
            assert!(DistrictCode::from_value(&v).is_none(), "{bad}");
            assert!(DivisionCode::from_value(&v).is_none(), "{bad}");
            assert!(Status::from_value(&v).is_none(), "{bad}");
        }
        assert!(MeasureNo::from_value(&Value::I64(11)).is_none());
        assert_eq!(
            Option::<Uscc>::from_value(&Value::Null(crate::db::Kind::Text)),
            Some(None)
        );
    }
}
