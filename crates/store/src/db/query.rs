//! Parameters, queries and rows: the subset of values both backends share, and how a row is
//! read by column name.

use sqlx::postgres::PgRow;
use sqlx::{Column, Row as _, TypeInfo, ValueRef};

pub use crate::list::FromValue;
use crate::{Result, StoreError};

/// The kind of a NULL, so that PostgreSQL knows the parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    I64,
    Text,
    Bool,
}

/// A parameter or column value in the subset of types both backends share.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null(Kind),
    I64(i64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::I64(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<uuid::Uuid> for Value {
    fn from(v: uuid::Uuid) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Value::Null(Kind::I64), Value::I64)
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Null(Kind::Text), Value::Text)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        v.map_or(Value::Null(Kind::Text), |s| Value::Text(s.to_owned()))
    }
}
impl From<Option<uuid::Uuid>> for Value {
    fn from(v: Option<uuid::Uuid>) -> Self {
        v.map_or(Value::Null(Kind::Text), |u| Value::Text(u.to_string()))
    }
}

/// A query with its arguments.
#[derive(Debug, Clone)]
pub struct Query {
    pub(super) sql: String,
    pub(super) args: Vec<Value>,
}

/// Starts a query. Parameters are written `$1`, `$2`, … on both backends.
pub fn q(sql: impl Into<String>) -> Query {
    Query {
        sql: sql.into(),
        args: Vec::new(),
    }
}

impl Query {
    pub fn bind(mut self, v: impl Into<Value>) -> Self {
        self.args.push(v.into());
        self
    }
    /// The number the next bound parameter will have, for building filters.
    pub fn next_param(&self) -> usize {
        self.args.len() + 1
    }
    pub fn push_sql(mut self, s: &str) -> Self {
        self.sql.push_str(s);
        self
    }
}

/// A result row, decoded into [`Value`]s by column name.
#[derive(Debug, Clone)]
pub struct Row {
    cols: Vec<(String, Value)>,
}

impl Row {
    pub fn get<T: FromValue>(&self, name: &str) -> Result<T> {
        let v = self
            .cols
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| StoreError::Other(format!("no column {name} in the result")))?;
        T::from_value(v).ok_or_else(|| {
            StoreError::Other(format!("column {name} holds {v:?}, not the expected type"))
        })
    }

    pub(crate) fn from_cols(cols: Vec<(String, Value)>) -> Row {
        Row { cols }
    }

    pub(super) fn from_pg(row: &PgRow) -> Result<Row> {
        let mut cols = Vec::with_capacity(row.len());
        for (i, c) in row.columns().iter().enumerate() {
            let raw = row.try_get_raw(i)?;
            let v = if raw.is_null() {
                Value::Null(Kind::Text)
            } else {
                match c.type_info().name() {
                    "INT8" => Value::I64(row.try_get::<i64, _>(i)?),
                    "INT4" => Value::I64(i64::from(row.try_get::<i32, _>(i)?)),
                    "BOOL" => Value::Bool(row.try_get::<bool, _>(i)?),
                    "TEXT" | "VARCHAR" | "NAME" | "BPCHAR" => {
                        Value::Text(row.try_get::<String, _>(i)?)
                    }
                    other => {
                        return Err(StoreError::Other(format!(
                            "column {} has unsupported type {other}",
                            c.name()
                        )));
                    }
                }
            };
            cols.push((c.name().to_owned(), v));
        }
        Ok(Row { cols })
    }
}
