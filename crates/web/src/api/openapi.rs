//! The OpenAPI 3.1 document, generated from the route table: every API route with its
//! permission, its path and query parameters, and the JSON Schemas (`schemars`) of the types
//! it names in `add()`. No schema is written here by hand except the error answer's.
//!
//! Requests are described as they are read (serde's deserialize side: a field with a default
//! may be left out) and responses as they are written; a type whose two sides differ appears
//! twice, its request side named `…Request`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::problem::Problem;
use crate::routes::{Content, Perm, RouteSpec, Routes, SchemaFn, Surface};

/// Registers this API's OpenAPI document, each with its permission and types.
pub fn add(r: Routes) -> Routes {
    use Method as M;
    use Perm::*;
    use StatusCode as S;
    use Surface::Api;
    r.add(
        M::GET,
        "/api/v1/openapi.json",
        Public,
        Api,
        "This API's OpenAPI 3.1 document",
        document,
    )
    .ok::<Document>(S::OK)
}

const SCHEMAS: &str = "/components/schemas";

/// The three generators: request bodies, responses, and query structs (inlined, since each
/// field becomes a parameter).
struct Generators {
    req: SchemaGenerator,
    res: SchemaGenerator,
    query: SchemaGenerator,
}

impl Generators {
    fn new() -> Self {
        let base = || {
            SchemaSettings::draft2020_12().with(|s| {
                s.definitions_path = SCHEMAS.into();
                s.meta_schema = None;
            })
        };
        Generators {
            req: base().for_deserialize().into_generator(),
            res: base().for_serialize().into_generator(),
            query: base()
                .with(|s| s.inline_subschemas = true)
                .for_deserialize()
                .into_generator(),
        }
    }
}

fn schema(g: &mut SchemaGenerator, f: SchemaFn) -> Value {
    f(g).to_value()
}

fn content(g: &mut SchemaGenerator, c: Content) -> Value {
    match c {
        Content::Json(f) => json!({"application/json": {"schema": schema(g, f)}}),
        Content::Multipart(f) => json!({"multipart/form-data": {"schema": schema(g, f)}}),
        Content::Raw(media) => Value::Object(
            media
                .iter()
                .map(|m| {
                    let s = json!({"type": "string", "contentMediaType": m});
                    ((*m).to_owned(), json!({"schema": s}))
                })
                .collect(),
        ),
    }
}

/// A query parameter's schema: `null` cannot be written in a query string.
fn without_null(mut s: Value) -> Value {
    if let Some(Value::Array(types)) = s.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            s["type"] = types[0].clone();
        }
    }
    s
}

fn parameters(spec: &RouteSpec, g: &mut SchemaGenerator) -> Vec<Value> {
    let mut out: Vec<Value> = spec
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    for f in &spec.doc.query {
        let q = schema(g, *f);
        let required: Vec<&str> = q["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = q["properties"].as_object() {
            for (name, s) in props {
                let mut p = json!({
                    "name": name,
                    "in": "query",
                    "required": required.contains(&name.as_str()),
                    "schema": without_null(s.clone()),
                });
                if let Some(d) = s.get("description") {
                    p["description"] = d.clone();
                }
                out.push(p);
            }
        }
    }
    if spec.method == Method::POST && matches!(spec.doc.request, Some(Content::Json(_))) {
        out.push(json!({
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "a repeat with the same key gets the first answer again",
            "schema": {"type": "string", "maxLength": 255}
        }));
    }
    out
}

/// The error answers a route can give: from the guard (401, 403), the path (404), the body
/// and the query (400, 413, 415, 422), plus what the route itself declares.
fn error_statuses(spec: &RouteSpec) -> Vec<StatusCode> {
    let mut s = vec![StatusCode::UNAUTHORIZED];
    let unsafe_method = spec.method != Method::GET && spec.method != Method::HEAD;
    if matches!(spec.perm, Perm::Allow(..)) || unsafe_method {
        s.push(StatusCode::FORBIDDEN);
    }
    if spec.path.contains('{') {
        s.push(StatusCode::NOT_FOUND);
    }
    match spec.doc.request {
        Some(Content::Json(_)) | Some(Content::Multipart(_)) => s.extend([
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]),
        Some(Content::Raw(_)) => s.extend([
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]),
        None => {}
    }
    // An Idempotency-Key reused with another body (or still in flight) answers 409.
    if spec.method == Method::POST && matches!(spec.doc.request, Some(Content::Json(_))) {
        s.push(StatusCode::CONFLICT);
    }
    if !spec.doc.query.is_empty() {
        s.extend([StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY]);
    }
    s.extend(spec.doc.errors.iter().copied());
    // Past capacity every API request is refused before it starts (`admission`).
    s.push(StatusCode::SERVICE_UNAVAILABLE);
    s.sort();
    s.dedup();
    s
}

fn error_description(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "the body or the query cannot be read",
        401 => "not signed in, or the token is not valid",
        403 => "the caller's role may not do this (or a browser write failed its CSRF check)",
        404 => "not found, or outside the caller's scope",
        409 => "conflicts with the current state, or reuses an Idempotency-Key; `code` says which",
        413 => "the body is too large",
        415 => "the body is not of the documented media type",
        422 => "a field is not valid; `errors` names it",
        429 => "too many requests; try again later",
        503 => {
            "busy past capacity (or the database is): nothing was done; send it again after Retry-After seconds"
        }
        _ => "an error",
    }
}

fn operation(spec: &RouteSpec, g: &mut Generators) -> Value {
    let mut op = Map::new();
    op.insert("summary".into(), json!(spec.summary));
    op.insert(
        "operationId".into(),
        json!(format!(
            "{}_{}",
            spec.method.as_str().to_lowercase(),
            spec.path
                .trim_start_matches('/')
                .trim_start_matches("api/v1/")
                .replace(['/', '{', '}', '.', '-'], "_")
        )),
    );
    op.insert("x-permission".into(), json!(spec.perm.describe()));
    let params = parameters(spec, &mut g.query);
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(c) = spec.doc.request {
        op.insert(
            "requestBody".into(),
            json!({"required": true, "content": content(&mut g.req, c)}),
        );
    }
    let mut responses = Map::new();
    for (status, body) in &spec.doc.responses {
        let mut r = json!({"description": status.canonical_reason().unwrap_or("success")});
        if let Some(c) = body {
            r["content"] = content(&mut g.res, *c);
        }
        responses.insert(status.as_str().to_owned(), r);
    }
    for status in error_statuses(spec) {
        let mut r = json!({"description": error_description(status), "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
        if matches!(status.as_u16(), 429 | 503) {
            r["headers"] = json!({"Retry-After": {"required": true,
                "description": "seconds to wait before sending the request again",
                "schema": {"type": "integer", "minimum": 1}}});
        }
        responses.insert(status.as_str().to_owned(), r);
    }
    op.insert("responses".into(), Value::Object(responses));
    if spec.perm == Perm::Public {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

/// Points every `$ref` to a renamed schema at its new name.
fn rename_refs(v: &mut Value, renamed: &BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "$ref"
                    && let Some(name) = x
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && let Some(new) = renamed.get(name)
                {
                    *x = json!(format!("#/components/schemas/{new}"));
                } else {
                    rename_refs(x, renamed);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, renamed)),
        _ => {}
    }
}

/// Which request-side schemas differ from the response-side schema of the same name.
fn clashes(res: &Map<String, Value>, req: &Map<String, Value>) -> BTreeMap<String, String> {
    req.iter()
        .filter(|(name, s)| res.get(*name).is_some_and(|r| r != *s))
        .map(|(name, _)| {
            let mut new = format!("{name}Request");
            while res.contains_key(&new) || req.contains_key(&new) {
                new.push('_');
            }
            (name.clone(), new)
        })
        .collect()
}

/// Builds the document from the route table.
pub fn build(specs: &[RouteSpec]) -> Value {
    let mut g = Generators::new();
    // First, so that the error answer keeps the plain name `Problem`.
    let _ = g.res.subschema_for::<Problem>();
    let mut paths = Map::new();
    for spec in specs.iter().filter(|s| s.surface == Surface::Api) {
        let item = paths
            .entry(spec.path.to_owned())
            .or_insert_with(|| json!({}));
        item[spec.method.as_str().to_lowercase()] = operation(spec, &mut g);
    }
    let mut schemas = g.res.take_definitions(true);
    let mut req = g.req.take_definitions(true);
    let renamed = clashes(&schemas, &req);
    if !renamed.is_empty() {
        // Request bodies live only under `requestBody` and in the request-side schemas.
        for op in paths.values_mut().filter_map(Value::as_object_mut) {
            for o in op.values_mut() {
                if let Some(body) = o.get_mut("requestBody") {
                    rename_refs(body, &renamed);
                }
            }
        }
        for s in req.values_mut() {
            rename_refs(s, &renamed);
        }
    }
    for (name, s) in req {
        let name = renamed.get(&name).cloned().unwrap_or(name);
        schemas.entry(name).or_insert(s);
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
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "a token from `lifeline token create`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "ll_session"}
            }
        },
        "security": [{"bearer": []}, {"session": []}]
    })
}

/// Types an operation must name: a response always, a request body when it takes one.
pub fn missing_schemas(spec: &RouteSpec) -> Vec<&'static str> {
    let mut out = Vec::new();
    if spec.doc.responses.is_empty() {
        out.push("no success response");
    }
    let takes_body = matches!(spec.method, Method::POST | Method::PUT | Method::PATCH);
    if takes_body && spec.doc.request.is_none() && !spec.doc.no_body {
        out.push("no request body");
    }
    out
}

pub async fn document(State(s): State<AppState>) -> Json<Value> {
    Json(build(crate::route_table(&s).specs()))
}

/// The schema of the whole document is any object.
#[derive(JsonSchema)]
#[schemars(rename = "OpenApiDocument")]
pub struct Document(pub Map<String, Value>);
