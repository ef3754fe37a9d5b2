//! The OpenAPI 3.1 document, generated from the route table (so every route, with its
//! permission, is in it) plus the schemas of the bodies.

use axum::Json;
use axum::extract::State;
use axum::http::Method;
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::routes::{Perm, RouteSpec, Surface};

fn nullable(t: &str) -> Value {
    json!({"type": [t, "null"]})
}

fn list_of(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "next_cursor", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
            "next_cursor": nullable("string"),
            "total": {"type": "integer"}
        }
    })
}

fn schemas() -> Value {
    let role = json!({"type": "string", "enum": ["admin","leader","division_chief","division_staff","district_official","reviewer","auditor","enterprise_user","partner"]});
    json!({
        "FieldError": {"type": "object", "required": ["field", "code", "message"], "properties": {
            "field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}},
        "Problem": {"type": "object", "required": ["type", "title", "status", "code"], "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "code": {"type": "string", "description": "stable snake_case error code"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}}},
        "Me": {"type": "object", "required": ["id", "email", "name", "role"], "properties": {
            "id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}, "name": {"type": "string"}, "role": role,
            "division": {"type": "string"}, "district": {"type": "string"}, "enterprise": {"type": "string"}}},
        "User": {"type": "object", "required": ["id", "email", "name", "role", "disabled", "created_at"], "properties": {
            "id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}, "name": {"type": "string"}, "role": role,
            "division": nullable("string"), "district": nullable("string"), "enterprise": nullable("string"),
            "disabled": {"type": "boolean"}, "created_at": {"type": "integer", "description": "epoch milliseconds, UTC"}}},
        "UserList": list_of("User"),
        "NewUser": {"type": "object", "additionalProperties": false, "required": ["email", "name", "role", "password"], "properties": {
            "email": {"type": "string"}, "name": {"type": "string"}, "role": role,
            "division": nullable("string"), "district": nullable("string"), "enterprise": nullable("string"),
            "password": {"type": "string", "minLength": 12, "writeOnly": true}}},
        "Division": {"type": "object", "required": ["code", "name_zh", "name_en"], "properties": {
            "code": {"type": "string", "enum": ["IP1","IP2","IP3","FT","OIEC","GLA"]}, "name_zh": {"type": "string"}, "name_en": {"type": "string"}}},
        "Measure": {"type": "object", "required": ["no", "title_zh", "title_en", "summary_zh", "summary_en"], "properties": {
            "no": {"type": "integer", "minimum": 1, "maximum": 10}, "title_zh": {"type": "string"}, "title_en": {"type": "string"},
            "summary_zh": {"type": "string"}, "summary_en": {"type": "string"}}},
        "MeasureUpdate": {"type": "object", "additionalProperties": false, "required": ["title_zh", "title_en", "summary_zh", "summary_en"], "properties": {
            "title_zh": {"type": "string"}, "title_en": {"type": "string"}, "summary_zh": {"type": "string"}, "summary_en": {"type": "string"}}},
        "AuditEntry": {"type": "object", "required": ["seq", "id", "at", "actor", "action", "object_type", "object_id"], "properties": {
            "seq": {"type": "integer"}, "id": {"type": "string"}, "at": {"type": "integer"}, "actor": {"type": "string"},
            "action": {"type": "string"}, "object_type": {"type": "string"}, "object_id": {"type": "string"},
            "before": {}, "after": {}, "request_id": nullable("string"), "client_addr": nullable("string")}},
        "AuditList": list_of("AuditEntry"),
        "PhoneView": {"type": "object", "required": ["display"], "properties": {
            "display": {"type": "string", "description": "as written locally, or masked (138****5678)"},
            "tel": {"type": ["string", "null"], "description": "E.164, absent when masked"}}},
        "Person": {"type": "object", "required": ["id", "name", "title", "wg_role"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "name_en": nullable("string"), "title": {"type": "string"},
            "division": nullable("string"), "office_phone": {"oneOf": [{"$ref": "#/components/schemas/PhoneView"}, {"type": "null"}]},
            "mobile": {"oneOf": [{"$ref": "#/components/schemas/PhoneView"}, {"type": "null"}]}, "email": nullable("string"),
            "wg_role": {"type": "string", "enum": ["none", "leader", "deputy_leader"]}}},
        "PersonList": list_of("Person"),
        "DivisionRef": {"type": "object", "required": ["code", "name", "name_zh"], "properties": {
            "code": {"type": "string"}, "name": {"type": "string"}, "name_zh": {"type": "string"}}},
        "Contact": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "office_phone": {"oneOf": [{"$ref": "#/components/schemas/PhoneView"}, {"type": "null"}]},
            "mobile": {"oneOf": [{"$ref": "#/components/schemas/PhoneView"}, {"type": "null"}]}}},
        "Responsibility": {"type": "object", "required": ["id", "measure", "division", "leading", "leading_flag"], "properties": {
            "id": {"type": "string"}, "measure": {"type": "integer"}, "item": nullable("string"),
            "division": {"$ref": "#/components/schemas/DivisionRef"}, "leading": {"type": "boolean"}, "leading_flag": {"type": "boolean"},
            "chief": {"oneOf": [{"$ref": "#/components/schemas/Contact"}, {"type": "null"}]},
            "contact": {"oneOf": [{"$ref": "#/components/schemas/Contact"}, {"type": "null"}]}}},
        "MeasureDetail": {"allOf": [{"$ref": "#/components/schemas/Measure"}, {"type": "object", "required": ["responsibilities"], "properties": {
            "responsibilities": {"type": "array", "items": {"$ref": "#/components/schemas/Responsibility"}}}}]},
        "Route": {"type": "object", "required": ["measure", "leading", "divisions"], "properties": {
            "measure": {"type": "integer"}, "item": nullable("string"), "leading": {"$ref": "#/components/schemas/DivisionRef"},
            "divisions": {"type": "array", "items": {"$ref": "#/components/schemas/DivisionRef"}}}},
        "WorkingGroup": {"type": "object", "required": ["deputies", "divisions"], "properties": {
            "leader": {"oneOf": [{"$ref": "#/components/schemas/Person"}, {"type": "null"}]},
            "deputies": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
            "divisions": {"type": "array", "items": {"type": "object"}}}},
        "District": {"type": "object", "required": ["code", "name_zh", "name_en", "kind"], "properties": {
            "code": {"type": "string", "pattern": "^[0-9]{6}$"}, "name_zh": {"type": "string"}, "name_en": {"type": "string"},
            "kind": {"type": "string", "enum": ["district", "county_city", "county", "pilot_area"]}}},
        "ImportProblem": {"type": "object", "required": ["row", "column", "value", "reason"], "properties": {
            "row": {"type": "integer"}, "column": {"type": "string"}, "value": {"type": "string"}, "reason": {"type": "string"}}},
        "ImportReport": {"type": "object", "required": ["rows", "valid", "errors", "warnings", "written"], "properties": {
            "rows": {"type": "integer"}, "valid": {"type": "integer"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ImportProblem"}},
            "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/ImportProblem"}},
            "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
            "people_created": {"type": "integer"}, "people_updated": {"type": "integer"},
            "written": {"type": "boolean"}, "dry_run": {"type": "boolean"}, "rejects": {"type": "array", "items": {"type": "object"}}}},
        "RowPerson": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {
            "name": {"type": "string"}, "office_phone": {"type": "string"}, "mobile": {"type": "string"}}},
        "RowInput": {"type": "object", "additionalProperties": false, "required": ["measure", "division"], "properties": {
            "measure": {"type": "integer"}, "item": {"type": "string"}, "division": {"type": "string", "description": "code, name or alias"},
            "leading": {"type": "boolean"}, "chief": {"$ref": "#/components/schemas/RowPerson"}, "contact": {"$ref": "#/components/schemas/RowPerson"}}},
        "Alias": {"type": "object", "additionalProperties": false, "required": ["alias"], "properties": {"alias": {"type": "string"}}},
        "Upload": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "contentMediaType": "application/octet-stream"},
            "dry_run": {"type": "boolean"}, "skip_invalid": {"type": "boolean"}}},
        "Enterprise": {"type": "object", "required": ["uscc", "name", "kinds", "district", "status"], "properties": {
            "uscc": {"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"}, "name": {"type": "string"}, "name_en": nullable("string"),
            "kinds": {"type": "array", "items": {"type": "string"}}, "district": {"type": "string"}, "address": nullable("string"),
            "investor_country": nullable("string"), "industry": nullable("string"), "employees": nullable("integer"),
            "contact_name": nullable("string"), "contact_mobile": nullable("string"), "contact_email": nullable("string"),
            "status": {"type": "string", "enum": ["active", "in_difficulty", "resumed", "closed"]},
            "official_id": nullable("string"), "contact_person_id": nullable("string")}},
        "EnterpriseList": list_of("Enterprise"),
        "NewEnterprise": {"type": "object", "additionalProperties": false, "required": ["uscc", "name", "district", "kinds"], "properties": {
            "uscc": {"type": "string"}, "name": {"type": "string"}, "name_en": {"type": "string"}, "district": {"type": "string"},
            "kinds": {"type": "array", "items": {"type": "string", "enum": ["foreign_invested", "foreign_trade", "overseas_investing", "labour_dispatch"]}},
            "investor_country": {"type": "string"}, "industry": {"type": "string"}, "address": {"type": "string"},
            "contact_name": {"type": "string"}, "contact_mobile": {"type": "string"}, "contact_email": {"type": "string"}, "employees": nullable("integer")}},
        "Liaison": {"type": "object", "additionalProperties": false, "properties": {
            "official": nullable("string"), "contact": nullable("string"), "reason": {"type": "string"}}},
        "Designation": {"type": "object", "required": ["reason", "actor", "at"], "properties": {
            "official_id": nullable("string"), "contact_person_id": nullable("string"), "reason": {"type": "string"}, "actor": {"type": "string"}, "at": {"type": "integer"}}},
        "DesignationList": list_of("Designation"),
        "Case": {"type": "object", "required": ["id", "kind", "measure", "subject", "channel", "division", "status", "priority", "significant", "next_statuses"], "properties": {
            "id": {"type": "string"}, "kind": {"type": "string"}, "measure": {"type": "integer"}, "enterprise": nullable("string"),
            "subject": {"type": "string"}, "body": {"type": "string"}, "category": nullable("string"), "channel": {"type": "string"},
            "division": {"type": "string"}, "assignee_id": nullable("string"),
            "status": {"type": "string", "enum": ["new", "in_progress", "waiting_on_enterprise", "resolved", "closed"]},
            "priority": {"type": "string"}, "significant": {"type": "boolean"}, "next_follow_up": nullable("string"),
            "created_at": {"type": "integer"}, "updated_at": {"type": "integer"},
            "next_statuses": {"type": "array", "items": {"type": "string"}}, "decision": {}, "timeline": {"type": "array", "items": {"type": "object"}}}},
        "CaseList": list_of("Case"),
        "Record": {"type": "object", "required": ["id", "kind", "content", "internal", "actor", "at"], "properties": {
            "id": {"type": "string"}, "kind": {"type": "string"}, "record_kind": nullable("string"), "content": {"type": "string"},
            "outcome": nullable("string"), "next_follow_up": nullable("string"), "internal": {"type": "boolean"},
            "follow_up_cleared": {"type": "boolean", "description": "this record cleared the case's next follow-up date"},
            "from_status": nullable("string"), "to_status": nullable("string"), "actor": {"type": "string"}, "at": {"type": "integer"},
            "routed_to": {"type": "string", "description": "on the created event: the division the table routed the case to"},
            "about_measure": {"type": "integer", "description": "on the created event of an inquiry: the measure asked about"}}},
        "NewCase": {"type": "object", "additionalProperties": false, "required": ["kind", "subject", "body", "channel"], "properties": {
            "kind": {"type": "string", "enum": ["difficulty"]}, "measure": nullable("integer"), "enterprise": nullable("string"),
            "subject": {"type": "string"}, "body": {"type": "string"}, "category": nullable("string"),
            "channel": {"type": "string", "enum": ["web", "portal", "hotline", "messaging_group", "email", "visit", "api"]},
            "priority": {"type": ["string", "null"], "enum": ["normal", "high", "urgent", null]}}},
        "NewRecord": {"type": "object", "additionalProperties": false, "required": ["kind", "content"], "properties": {
            "kind": {"type": "string", "enum": ["visit", "call", "meeting", "message", "coordination", "internal_note", "reply_to_enterprise"]},
            "content": {"type": "string"}, "outcome": nullable("string"), "next_follow_up": {"type": ["string", "null"], "format": "date"},
            "clear_follow_up": {"type": "boolean", "description": "no further follow-up is planned: clears the case's next follow-up date (not with next_follow_up)"}}},
        "StatusChange": {"type": "object", "additionalProperties": false, "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["new", "in_progress", "waiting_on_enterprise", "resolved", "closed"]}, "note": nullable("string")}},
        "Escalation": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string"}}},
        "NewDecision": {"type": "object", "additionalProperties": false, "required": ["decision", "division", "owner", "due_date"], "properties": {
            "decision": {"type": "string"}, "division": {"type": "string"}, "owner": {"type": "string"}, "due_date": {"type": "string", "format": "date"}}},
        "Reassignment": {"type": "object", "additionalProperties": false, "required": ["division", "reason"], "properties": {
            "division": {"type": "string"}, "reason": {"type": "string"}}},
        "Report": {"type": "object", "required": ["id", "report_date", "employees_returned", "employees_total", "capacity_pct", "resumed"], "properties": {
            "id": {"type": "string"}, "report_date": {"type": "string", "format": "date"}, "employees_returned": {"type": "integer"},
            "employees_total": {"type": "integer"}, "capacity_pct": {"type": "integer"}, "resumed": {"type": "boolean"},
            "difficulties": {"type": "string"}, "filed_by": {"type": "string"}, "at": {"type": "integer"}}},
        "ReportList": list_of("Report"),
        "NewReport": {"type": "object", "additionalProperties": false, "required": ["report_date", "employees_returned", "employees_total", "capacity_pct", "resumed"], "properties": {
            "report_date": {"type": "string", "format": "date"}, "employees_returned": {"type": "integer", "minimum": 0},
            "employees_total": {"type": "integer", "minimum": 0}, "capacity_pct": {"type": "integer", "minimum": 0, "maximum": 100},
            "resumed": {"type": "boolean"}, "difficulties": {"type": "string"}}},
        "PersonPatch": {"type": "object", "additionalProperties": false, "properties": {
            "name_en": nullable("string"), "title": {"type": "string"}, "email": nullable("string"),
            "wg_role": {"type": "string", "enum": ["none", "leader", "deputy_leader"]}, "user_id": nullable("string")}},
        "Verification": {"type": "object", "required": ["ok"], "properties": {
            "ok": {"type": "boolean"}, "entries": nullable("integer"), "first_bad_seq": nullable("integer"),
            "first_bad_id": nullable("string"), "reason": nullable("string")}}
    })
}

/// (request body schema, success status, response schema) of each API route.
fn bodies(method: &Method, path: &str) -> (Option<&'static str>, &'static str, Option<Value>) {
    let r = |name: &str| Some(json!({"$ref": format!("#/components/schemas/{name}")}));
    match (method.as_str(), path) {
        ("GET", "/api/v1/openapi.json") => (None, "200", Some(json!({"type": "object"}))),
        ("GET", "/api/v1/me") => (None, "200", r("Me")),
        ("GET", "/api/v1/users") => (None, "200", r("UserList")),
        ("POST", "/api/v1/users") => (Some("NewUser"), "201", r("User")),
        ("GET", "/api/v1/users/{id}") | ("POST", "/api/v1/users/{id}/disable") => {
            (None, "200", r("User"))
        }
        ("GET", "/api/v1/audit") => (None, "200", r("AuditList")),
        ("GET", "/api/v1/audit/verify") => (None, "200", r("Verification")),
        ("GET", "/api/v1/divisions") => (None, "200", Some(list_of("Division"))),
        ("GET", "/api/v1/measures") => (None, "200", Some(list_of("Measure"))),
        ("GET", "/api/v1/measures/{n}") => (None, "200", r("MeasureDetail")),
        ("POST", "/api/v1/divisions/{code}/aliases") => (Some("Alias"), "201", None),
        ("GET", "/api/v1/districts") => (None, "200", Some(list_of("District"))),
        ("GET", "/api/v1/people") => (None, "200", r("PersonList")),
        ("PUT", "/api/v1/people/{id}") => (Some("PersonPatch"), "200", r("Person")),
        ("GET", "/api/v1/working-group") => (None, "200", r("WorkingGroup")),
        ("GET", "/api/v1/work-distribution") => (None, "200", Some(list_of("Responsibility"))),
        ("PUT", "/api/v1/work-distribution") => (Some("RowInput"), "200", r("ImportReport")),
        ("DELETE", "/api/v1/work-distribution/{id}") => (None, "204", None),
        ("POST", "/api/v1/work-distribution/import") => (Some("Upload"), "200", r("ImportReport")),
        ("GET", "/api/v1/work-distribution/export") => (
            None,
            "200",
            Some(json!({"type": "string", "contentMediaType": "text/csv"})),
        ),
        ("GET", "/api/v1/route") => (None, "200", r("Route")),
        ("GET", "/api/v1/enterprises") => (None, "200", r("EnterpriseList")),
        ("POST", "/api/v1/enterprises/import") => (Some("Upload"), "200", r("ImportReport")),
        ("GET", "/api/v1/enterprises/export") => (
            None,
            "200",
            Some(json!({"type": "string", "contentMediaType": "text/csv"})),
        ),
        ("POST", "/api/v1/enterprises") => (Some("NewEnterprise"), "201", r("Enterprise")),
        ("GET", "/api/v1/enterprises/{uscc}") => (None, "200", r("Enterprise")),
        ("PUT", "/api/v1/enterprises/{uscc}/liaison") => (Some("Liaison"), "200", r("Enterprise")),
        ("GET", "/api/v1/enterprises/{uscc}/designations") => (None, "200", r("DesignationList")),
        ("GET", "/api/v1/cases") => (None, "200", r("CaseList")),
        ("POST", "/api/v1/cases") => (Some("NewCase"), "201", r("Case")),
        ("GET", "/api/v1/cases/{id}") => (None, "200", r("Case")),
        ("POST", "/api/v1/cases/{id}/records") => (Some("NewRecord"), "201", r("Record")),
        ("POST", "/api/v1/cases/{id}/status") => (Some("StatusChange"), "200", r("Case")),
        ("POST", "/api/v1/cases/{id}/escalate") => (Some("Escalation"), "200", r("Case")),
        ("POST", "/api/v1/cases/{id}/decision") => (Some("NewDecision"), "200", r("Case")),
        ("POST", "/api/v1/cases/{id}/reassign") => (Some("Reassignment"), "200", r("Case")),
        ("GET", "/api/v1/enterprises/{uscc}/reports") => (None, "200", r("ReportList")),
        ("POST", "/api/v1/enterprises/{uscc}/reports") => (Some("NewReport"), "201", r("Report")),
        ("PUT", "/api/v1/measures/{n}") => (Some("MeasureUpdate"), "200", r("Measure")),
        _ => (None, "200", None),
    }
}

fn problem_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

fn operation(spec: &RouteSpec) -> Value {
    let (req, status, res) = bodies(&spec.method, spec.path);
    let mut op = Map::new();
    op.insert("summary".into(), json!(spec.summary));
    op.insert(
        "operationId".into(),
        json!(format!(
            "{}_{}",
            spec.method.as_str().to_lowercase(),
            spec.path
                .trim_start_matches("/api/v1/")
                .replace(['/', '{', '}', '.', '-'], "_")
        )),
    );
    op.insert("x-permission".into(), json!(spec.perm.describe()));
    let params: Vec<Value> = spec
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .chain(if spec.method == Method::GET && (spec.path.ends_with("/users") || spec.path.ends_with("/audit") || spec.path.ends_with("/people") || spec.path.ends_with("/enterprises") || spec.path.ends_with("/cases")) {
            vec![
                json!({"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 200}}),
                json!({"name": "cursor", "in": "query", "required": false, "schema": {"type": "string"}}),
            ]
        } else {
            vec![]
        })
        .chain(if spec.method == Method::POST {
            vec![json!({"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "maxLength": 255}})]
        } else {
            vec![]
        })
        .collect();
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(r) = req {
        let media = if r == "Upload" {
            "multipart/form-data"
        } else {
            "application/json"
        };
        op.insert("requestBody".into(), json!({"required": true, "content": {media: {"schema": {"$ref": format!("#/components/schemas/{r}")}}}}));
    }
    let mut responses = Map::new();
    let mut ok = json!({"description": "success"});
    if let Some(s) = res {
        ok["content"] = json!({"application/json": {"schema": s}});
    }
    responses.insert(status.into(), ok);
    if spec.perm != Perm::Public {
        responses.insert("401".into(), problem_response("not signed in"));
    }
    if matches!(spec.perm, Perm::Allow(..)) {
        responses.insert(
            "403".into(),
            problem_response("the caller's role may not do this"),
        );
    }
    if spec.path.contains('{') {
        responses.insert(
            "404".into(),
            problem_response("not found, or outside the caller's scope"),
        );
    }
    if req.is_some() {
        responses.insert(
            "422".into(),
            problem_response("a field is not valid; `errors` names it"),
        );
    }
    op.insert("responses".into(), Value::Object(responses));
    if spec.perm == Perm::Public {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

/// Builds the document from the route table.
pub fn build(specs: &[RouteSpec]) -> Value {
    let mut paths = Map::new();
    for spec in specs.iter().filter(|s| s.surface == Surface::Api) {
        let item = paths
            .entry(spec.path.to_owned())
            .or_insert_with(|| json!({}));
        item[spec.method.as_str().to_lowercase()] = operation(spec);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Lifeline API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The enterprise-assistance system of a city Bureau of Commerce. Errors are RFC 9457 problem details; lists are cursor-paginated; creating POSTs accept an Idempotency-Key."
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `lifeline token create`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "ll_session"}
            }
        },
        "security": [{"bearer": []}, {"session": []}]
    })
}

pub async fn document(State(s): State<AppState>) -> Json<Value> {
    Json(build(crate::route_table(&s).specs()))
}
