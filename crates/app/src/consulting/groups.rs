//! Messaging service groups: a district's WeChat, WeCom, DingTalk, Feishu or other group whose
//! bot posts messages to Lifeline, registered by staff with a signing secret shown once.

use domain::consulting::{PLATFORMS, WEBHOOK_FORMATS};
use domain::{Action, DistrictCode, FieldError, Resource, new_id};
use serde::{Deserialize, Serialize};
use store::consulting::GroupRecord;

use crate::audit::{self, Change};
use crate::{App, AppError, Ctx, Result};

/// A messaging service group as staff see it (never its secret).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GroupView {
    pub id: String,
    pub platform: String,
    pub name: String,
    pub district: String,
    pub webhook_url: Option<String>,
    pub webhook_format: String,
    pub staff: Vec<String>,
    pub active: bool,
    /// Where the platform's bot posts the group's messages.
    pub intake_path: String,
}

/// A new group: the answer carries the signing secret, shown this once.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GroupCreated {
    #[serde(flatten)]
    pub group: GroupView,
    pub secret: String,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    pub platform: String,
    pub name: String,
    pub district: String,
    #[serde(default)]
    pub webhook_url: Option<String>,
    #[serde(default)]
    pub webhook_format: Option<String>,
    #[serde(default)]
    pub staff: Vec<String>,
}

fn group_view(g: &GroupRecord) -> GroupView {
    GroupView {
        id: g.id.to_string(),
        platform: g.platform.clone(),
        name: g.name.clone(),
        district: g.district.as_str().to_owned(),
        webhook_url: g.webhook_url.clone(),
        webhook_format: g.webhook_format.clone(),
        staff: g
            .staff
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        active: g.active,
        intake_path: format!("/hooks/messaging/{}", g.id),
    }
}

/// Registers a district's messaging service group.
pub async fn create_group(app: &App, ctx: &Ctx, n: &NewGroup) -> Result<GroupCreated> {
    ctx.require(Resource::Organisation, Action::Update)?;
    let mut errs = Vec::new();
    if !PLATFORMS.contains(&n.platform.as_str()) {
        errs.push(FieldError::new(
            "platform",
            "unknown_platform",
            format!("the platforms are {}", PLATFORMS.join(", ")),
        ));
    }
    if n.name.trim().is_empty() {
        errs.push(FieldError::new("name", "required", "name the group"));
    }
    let district = DistrictCode::parse(n.district.trim())
        .map_err(|m| errs.push(FieldError::new("district", m.code(), m.to_string())))
        .ok();
    let format = n.webhook_format.clone().unwrap_or_else(|| {
        if n.platform == "wecom" {
            "wecom".into()
        } else {
            "generic".into()
        }
    });
    if !WEBHOOK_FORMATS.contains(&format.as_str()) {
        errs.push(FieldError::new(
            "webhook_format",
            "unknown_format",
            format!("the formats are {}", WEBHOOK_FORMATS.join(", ")),
        ));
    }
    let url = n
        .webhook_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(u) = url
        && !(u.starts_with("http://") || u.starts_with("https://"))
    {
        errs.push(FieldError::new(
            "webhook_url",
            "invalid_url",
            "the robot's webhook address starts with http:// or https://",
        ));
    }
    for (i, s) in n.staff.iter().enumerate() {
        if domain::Email::parse(s).is_err() {
            errs.push(FieldError::new(
                format!("staff[{i}]"),
                "invalid_email",
                format!("\"{s}\" is not an e-mail address"),
            ));
        }
    }
    let Some(district) = district.filter(|_| errs.is_empty()) else {
        return Err(AppError::Invalid(errs));
    };
    let now = app.now();
    let secret = crate::random_token();
    let g = GroupRecord {
        id: new_id(),
        platform: n.platform.clone(),
        name: n.name.trim().to_owned(),
        district,
        webhook_url: url.map(str::to_owned),
        webhook_format: format,
        secret: secret.clone(),
        staff: n.staff.join(","),
        active: true,
        created_at: now,
        updated_at: now,
    };
    let mut tx = app.db.begin().await?;
    store::consulting::upsert_group(&mut tx, &g).await?;
    let mut after = serde_json::to_value(group_view(&g)).unwrap_or_default();
    if let Some(o) = after.as_object_mut() {
        o.remove("intake_path");
    }
    audit::record(
        app,
        &mut tx,
        ctx,
        Change {
            action: "messaging_group_created",
            object_type: "messaging_group",
            object_id: g.id.to_string(),
            before: None,
            after: Some(after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(GroupCreated {
        group: group_view(&g),
        secret,
    })
}

pub async fn list_groups(app: &App, ctx: &Ctx) -> Result<Vec<GroupView>> {
    ctx.require(Resource::BackOffice, Action::Read)?;
    let mut rd = app.db.read().await?;
    Ok(store::consulting::list_groups(&mut rd, None)
        .await?
        .iter()
        .map(group_view)
        .collect())
}
