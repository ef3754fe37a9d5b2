//! Who is acting, and from where: every use case receives a [`Ctx`].

use domain::{Action, DistrictCode, DivisionCode, Id, Resource, Role, Uscc, allowed};
use serde::Serialize;

use crate::{AppError, Result};

/// An authenticated user, as the use cases see them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Principal {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub division: Option<DivisionCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub district: Option<DistrictCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub enterprise: Option<Uscc>,
}

impl From<&store::users::UserRecord> for Principal {
    fn from(u: &store::users::UserRecord) -> Self {
        Principal {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            division: u.division,
            district: u.district.clone(),
            enterprise: u.enterprise.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Actor {
    User(Principal),
    /// An operator at the command line or the demo seeder: trusted, audited by name.
    System(&'static str),
    /// Nobody is signed in (public pages, the login form).
    Anonymous,
}

/// The caller of a use case.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

impl Ctx {
    pub fn system(name: &'static str) -> Self {
        Ctx {
            actor: Actor::System(name),
            request_id: None,
            client_addr: None,
        }
    }
    pub fn user(p: Principal) -> Self {
        Ctx {
            actor: Actor::User(p),
            request_id: None,
            client_addr: None,
        }
    }
    pub fn anonymous() -> Self {
        Ctx {
            actor: Actor::Anonymous,
            request_id: None,
            client_addr: None,
        }
    }

    pub fn principal(&self) -> Option<&Principal> {
        match &self.actor {
            Actor::User(p) => Some(p),
            _ => None,
        }
    }

    /// Checks the permission table. The command line acts with every permission.
    pub fn require(&self, resource: Resource, action: Action) -> Result<()> {
        match &self.actor {
            Actor::System(_) => Ok(()),
            Actor::User(p) if allowed(p.role, resource, action) => Ok(()),
            Actor::User(_) => Err(AppError::Forbidden),
            Actor::Anonymous => Err(AppError::Unauthenticated(
                "unauthenticated",
                "sign in first".into(),
            )),
        }
    }

    /// Whether the caller may, without failing: for showing or masking data.
    pub fn can(&self, resource: Resource, action: Action) -> bool {
        self.require(resource, action).is_ok()
    }

    /// How the audit trail names the actor.
    pub fn actor_label(&self) -> (Option<Id>, String) {
        match &self.actor {
            Actor::User(p) => (Some(p.id), p.email.clone()),
            Actor::System(n) => (None, format!("system:{n}")),
            Actor::Anonymous => (None, "anonymous".into()),
        }
    }
}
