//! The agent's session: logging in and out, and who the agent is.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A username and password login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    /// The agent's username.
    #[schema(example = "agent", min_length = 1, max_length = 128)]
    pub username: String,
    /// The agent's password.
    #[schema(example = "demo", max_length = 1024, format = Password)]
    pub password: String,
}

/// How the agent proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// Username and password of a local account.
    Password,
    /// Single sign-on through the OpenID Connect provider.
    Oidc,
    /// A bearer token (third-party tooling).
    Bearer,
}

/// The agent behind a session or token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    /// The agent's username (or the token's subject).
    pub username: String,
    /// The name to show.
    pub display_name: String,
}

/// What the agent may do, resolved from authorities and groups (ONEGINI-APIS.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// May search users and read profiles, devices and events.
    pub read_users: bool,
    /// May delete and change devices and sign users out (`DELETE_DEVICE`).
    pub delete_device: bool,
    /// May verify a caller by a push to the user's device (`VERIFY_DEVICE`).
    pub verify_device: bool,
    /// May read the audit trail (`AGENTS_READ`).
    pub read_audit: bool,
    /// The person fields the agent may read: `EMAIL_ADDRESS`, `PHONE_NUMBER`, `DATE_OF_BIRTH`,
    /// `DISPLAY_NAME`, `PREFERRED_LOCALE`, `GENDER`, `ADDRESSES`, and `CUSTOM_ATTRIBUTE.<name>`
    /// (`CUSTOM_ATTRIBUTE.*` for all).
    pub fields: Vec<String>,
}

/// The current session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "agent": {"username": "agent", "displayName": "Ann Agent"},
    "authMethod": "password",
    "authorities": ["USERS_ALL"],
    "permissions": {"readUsers": true, "deleteDevice": true, "verifyDevice": true, "readAudit": false,
                    "fields": ["EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH", "DISPLAY_NAME",
                               "PREFERRED_LOCALE", "GENDER", "ADDRESSES", "CUSTOM_ATTRIBUTE.*"]},
    "expiresAt": "2026-11-28T17:00:00Z"
}))]
pub struct Session {
    /// Who is logged in.
    pub agent: Agent,
    /// How they logged in.
    pub auth_method: AuthMethod,
    /// The authorities and group permissions granted (`USERS_ALL`, `AGENTS_READ`, ...).
    pub authorities: Vec<String>,
    /// What they may do.
    pub permissions: Permissions,
    /// When the session ends at the latest (absolute timeout); idle sessions end sooner.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
}

/// How agents can log in here, for the login screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginOptions {
    /// Username and password login is possible.
    pub password: bool,
    /// Single sign-on is configured: start it at `/api/v1/session/oidc/login?returnTo=<path>`.
    pub oidc: bool,
    /// The name of the single sign-on provider to show on its button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_label: Option<String>,
}
