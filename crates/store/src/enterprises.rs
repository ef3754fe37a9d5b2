//! The enterprise registry, designations and resumption reports (measure 1).

use domain::{DistrictCode, Id, Uscc};

use crate::db::{Row, Tx, Value, q};
use crate::list::{ListQuery, like_contains, paged};
use crate::{Page, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseRecord {
    pub uscc: Uscc,
    pub name: String,
    pub name_en: Option<String>,
    /// Comma-separated kinds.
    pub kinds: String,
    pub district: DistrictCode,
    pub address: Option<String>,
    pub investor_country: Option<String>,
    pub industry: Option<String>,
    pub employees: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_mobile: Option<String>,
    pub contact_email: Option<String>,
    pub status: String,
    pub official_id: Option<Id>,
    pub contact_person_id: Option<Id>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "uscc, name, name_en, kinds, district, address, investor_country, industry, employees, contact_name, contact_mobile, contact_email, status, official_id, contact_person_id, created_at, updated_at";

fn from_row(r: &Row) -> Result<EnterpriseRecord> {
    Ok(EnterpriseRecord {
        uscc: r.get("uscc")?,
        name: r.get("name")?,
        name_en: r.get("name_en")?,
        kinds: r.get("kinds")?,
        district: r.get("district")?,
        address: r.get("address")?,
        investor_country: r.get("investor_country")?,
        industry: r.get("industry")?,
        employees: r.get("employees")?,
        contact_name: r.get("contact_name")?,
        contact_mobile: r.get("contact_mobile")?,
        contact_email: r.get("contact_email")?,
        status: r.get("status")?,
        official_id: r.get("official_id")?,
        contact_person_id: r.get("contact_person_id")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

fn binds(e: &EnterpriseRecord) -> Vec<Value> {
    vec![
        (&e.uscc).into(),
        e.name.clone().into(),
        e.name_en.clone().into(),
        e.kinds.clone().into(),
        (&e.district).into(),
        e.address.clone().into(),
        e.investor_country.clone().into(),
        e.industry.clone().into(),
        e.employees.into(),
        e.contact_name.clone().into(),
        e.contact_mobile.clone().into(),
        e.contact_email.clone().into(),
        e.status.clone().into(),
        e.official_id.into(),
        e.contact_person_id.into(),
        e.created_at.into(),
        e.updated_at.into(),
    ]
}

pub async fn insert(tx: &mut Tx, e: &EnterpriseRecord) -> Result<()> {
    let mut query = q(format!(
        "INSERT INTO enterprises ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    ));
    for v in binds(e) {
        query = query.bind(v);
    }
    tx.execute(query).await?;
    Ok(())
}

pub async fn update(tx: &mut Tx, e: &EnterpriseRecord) -> Result<()> {
    let mut query = q(
        "UPDATE enterprises SET name = $2, name_en = $3, kinds = $4, district = $5, address = $6, investor_country = $7, industry = $8, employees = $9, contact_name = $10, contact_mobile = $11, contact_email = $12, status = $13, official_id = $14, contact_person_id = $15, created_at = $16, updated_at = $17 WHERE uscc = $1",
    );
    for v in binds(e) {
        query = query.bind(v);
    }
    if tx.execute(query).await? == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Moves an enterprise from one of the statuses `from` to `to`; false when it was in none of them.
pub async fn set_status(
    tx: &mut Tx,
    uscc: &str,
    from: &[&str],
    to: &str,
    now: i64,
) -> Result<bool> {
    let params: Vec<String> = (4..4 + from.len()).map(|i| format!("${i}")).collect();
    let mut query = q(format!(
        "UPDATE enterprises SET status = $2, updated_at = $3 WHERE uscc = $1 AND status IN ({})",
        params.join(", ")
    ))
    .bind(uscc)
    .bind(to)
    .bind(now);
    for f in from {
        query = query.bind(*f);
    }
    Ok(tx.execute(query).await? == 1)
}

pub async fn get(tx: &mut Tx, uscc: &Uscc) -> Result<Option<EnterpriseRecord>> {
    tx.fetch_optional(q(format!("SELECT {COLS} FROM enterprises WHERE uscc = $1")).bind(uscc))
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Which enterprises a caller may see.
#[derive(Debug, Clone)]
pub enum EnterpriseScope {
    All,
    /// Those registered in this district (its district officials).
    District(DistrictCode),
    /// One enterprise (its own users).
    Only(Uscc),
    /// None (a user without an enterprise).
    Nothing,
}

#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// A district without enterprises (or not the city's) simply matches nothing.
    pub district: Option<DistrictCode>,
    pub status: Option<String>,
    pub undesignated: bool,
    pub text: Option<String>,
}

fn scope_sql(scope: &EnterpriseScope, args: &mut Vec<Value>) -> String {
    match scope {
        EnterpriseScope::All => String::new(),
        EnterpriseScope::District(d) => {
            args.push(d.into());
            format!(" AND district = ${}", args.len())
        }
        EnterpriseScope::Only(u) => {
            args.push(u.into());
            format!(" AND uscc = ${}", args.len())
        }
        EnterpriseScope::Nothing => " AND 1 = 0".into(),
    }
}

pub async fn list(
    tx: &mut Tx,
    scope: &EnterpriseScope,
    f: &EnterpriseFilter,
    limit: i64,
    after: Option<&str>,
) -> Result<Page<EnterpriseRecord>> {
    let mut args = Vec::new();
    let mut where_ = format!(" WHERE 1 = 1{}", scope_sql(scope, &mut args));
    if let Some(d) = &f.district {
        args.push(d.into());
        where_.push_str(&format!(" AND district = ${}", args.len()));
    }
    if let Some(s) = &f.status {
        args.push(s.clone().into());
        where_.push_str(&format!(" AND status = ${}", args.len()));
    }
    if f.undesignated {
        where_.push_str(" AND official_id IS NULL");
    }
    if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(like_contains(t).into());
        let n = args.len();
        where_.push_str(&format!(" AND (lower(name) LIKE ${n} ESCAPE '\\' OR lower(coalesce(name_en, '')) LIKE ${n} ESCAPE '\\' OR lower(uscc) LIKE ${n} ESCAPE '\\')"));
    }
    let lq = ListQuery {
        cols: COLS,
        from: "enterprises",
        where_,
        args,
        after: after.map(|a| ("uscc >", a.into())),
        order: "uscc",
        limit,
    };
    paged(tx, lq, from_row, |e: &EnterpriseRecord| {
        e.uscc.as_str().to_owned()
    })
    .await
}

#[derive(Debug, Clone)]
pub struct DesignationRecord {
    pub id: Id,
    pub uscc: Uscc,
    pub official_id: Option<Id>,
    pub contact_person_id: Option<Id>,
    pub reason: String,
    pub actor: String,
    pub at: i64,
}

pub async fn insert_designation(tx: &mut Tx, d: &DesignationRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO designations (id, uscc, official_id, contact_person_id, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(d.id)
            .bind(&d.uscc)
            .bind(d.official_id)
            .bind(d.contact_person_id)
            .bind(&d.reason)
            .bind(&d.actor)
            .bind(d.at),
    )
    .await?;
    Ok(())
}

pub async fn designations(tx: &mut Tx, uscc: &Uscc) -> Result<Vec<DesignationRecord>> {
    tx.fetch_all(q("SELECT id, uscc, official_id, contact_person_id, reason, actor, at FROM designations WHERE uscc = $1 ORDER BY at DESC, id DESC").bind(uscc))
        .await?
        .iter()
        .map(|r| {
            Ok(DesignationRecord {
                id: r.get("id")?,
                uscc: r.get("uscc")?,
                official_id: r.get("official_id")?,
                contact_person_id: r.get("contact_person_id")?,
                reason: r.get("reason")?,
                actor: r.get("actor")?,
                at: r.get("at")?,
            })
        })
        .collect()
}

/// Enterprises in difficulty per official (the coverage view): (official id or none, count).
pub async fn workload(tx: &mut Tx) -> Result<Vec<(Option<Id>, i64)>> {
    tx.fetch_all(q("SELECT official_id, count(*) AS n FROM enterprises WHERE status = 'in_difficulty' GROUP BY official_id ORDER BY n DESC"))
        .await?
        .iter()
        .map(|r| Ok((r.get("official_id")?, r.get("n")?)))
        .collect()
}

/// The whole registry, in USCC order (imports, exports).
pub async fn all(tx: &mut Tx) -> Result<Vec<EnterpriseRecord>> {
    tx.fetch_all_long(q(format!("SELECT {COLS} FROM enterprises ORDER BY uscc")))
        .await?
        .iter()
        .map(from_row)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: Id,
    pub uscc: Uscc,
    pub report_date: jiff::civil::Date,
    pub employees_returned: i64,
    pub employees_total: i64,
    pub capacity_pct: i64,
    pub resumed: bool,
    pub difficulties: String,
    pub filed_by: String,
    pub at: i64,
}

pub async fn insert_report(tx: &mut Tx, r: &ReportRecord) -> Result<()> {
    tx.execute(
        q("INSERT INTO resumption_reports (id, uscc, report_date, employees_returned, employees_total, capacity_pct, resumed, difficulties, filed_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(r.id)
            .bind(&r.uscc)
            .bind(r.report_date)
            .bind(r.employees_returned)
            .bind(r.employees_total)
            .bind(r.capacity_pct)
            .bind(r.resumed)
            .bind(&r.difficulties)
            .bind(&r.filed_by)
            .bind(r.at),
    )
    .await?;
    Ok(())
}

/// An enterprise's reports, newest first.
pub async fn reports(tx: &mut Tx, uscc: &Uscc) -> Result<Vec<ReportRecord>> {
    tx.fetch_all(q("SELECT id, uscc, report_date, employees_returned, employees_total, capacity_pct, resumed, difficulties, filed_by, at FROM resumption_reports WHERE uscc = $1 ORDER BY report_date DESC, at DESC").bind(uscc))
        .await?
        .iter()
        .map(|r| {
            Ok(ReportRecord {
                id: r.get("id")?,
                uscc: r.get("uscc")?,
                report_date: r.get("report_date")?,
                employees_returned: r.get("employees_returned")?,
                employees_total: r.get("employees_total")?,
                capacity_pct: r.get("capacity_pct")?,
                resumed: r.get("resumed")?,
                difficulties: r.get("difficulties")?,
                filed_by: r.get("filed_by")?,
                at: r.get("at")?,
            })
        })
        .collect()
}

/// Per district: enterprises registered, and how many have resumed.
pub async fn resumption_by_district(tx: &mut Tx) -> Result<Vec<(String, i64, i64)>> {
    tx.fetch_all(q("SELECT district, count(*) AS n, sum(CASE WHEN status = 'resumed' THEN 1 ELSE 0 END) AS resumed FROM enterprises GROUP BY district ORDER BY district"))
        .await?
        .iter()
        .map(|r| Ok((r.get("district")?, r.get("n")?, r.get::<Option<i64>>("resumed")?.unwrap_or(0))))
        .collect()
}

/// Updates the profile columns an import carries, leaving status and designation as they are.
pub async fn update_profile(tx: &mut Tx, e: &EnterpriseRecord) -> Result<()> {
    let n = tx
        .execute(
            q("UPDATE enterprises SET name = $2, name_en = $3, kinds = $4, district = $5, address = $6, investor_country = $7, industry = $8, employees = $9, contact_name = $10, contact_mobile = $11, contact_email = $12, updated_at = $13 WHERE uscc = $1")
                .bind(&e.uscc)
                .bind(&e.name)
                .bind(e.name_en.clone())
                .bind(&e.kinds)
                .bind(&e.district)
                .bind(e.address.clone())
                .bind(e.investor_country.clone())
                .bind(e.industry.clone())
                .bind(e.employees)
                .bind(e.contact_name.clone())
                .bind(e.contact_mobile.clone())
                .bind(e.contact_email.clone())
                .bind(e.updated_at),
        )
        .await?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
