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
        ("GET", "/api/v1/divisions") => (
            None,
            "200",
            Some(json!({"type": "array", "items": {"$ref": "#/components/schemas/Division"}})),
        ),
        ("GET", "/api/v1/measures") => (
            None,
            "200",
            Some(json!({"type": "array", "items": {"$ref": "#/components/schemas/Measure"}})),
        ),
        ("GET", "/api/v1/measures/{n}") => (None, "200", r("Measure")),
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
        .chain(if spec.path.ends_with("/users") && spec.method == Method::GET || spec.path.ends_with("/audit") {
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
        op.insert("requestBody".into(), json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{r}")}}}}));
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
