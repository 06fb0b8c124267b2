//! Everything about agents that requests need, shared by all workers.

use std::sync::Arc;

use actix_session::Session;
use cs_api::{AuditPage, LoginOptions};
use cs_clock::Clock;

use crate::accounts::Accounts;
use crate::audit::{AuditQuery, AuditStore, MAX_AUDIT_LIMIT};
use crate::bearer::BearerAuth;
use crate::error::AuthError;
use crate::jwt::BearerError;
use crate::oidc::OidcClient;
use crate::principal::Principal;
use crate::throttle::LoginThrottle;
use crate::web_session::{self, SessionError, SessionPolicy, SessionStatus};

/// The agent use cases: who is calling, logging in and out, single sign-on, the audit trail.
pub struct AuthService {
    /// Local agents and groups.
    pub accounts: Accounts,
    /// The audit trail.
    pub audit: AuditStore,
    /// Failed-login limits.
    pub throttle: LoginThrottle,
    /// Bearer token verification, when enabled.
    pub bearer: Option<BearerAuth>,
    /// Single sign-on through the OpenID Connect provider, when enabled.
    pub oidc: Option<OidcClient>,
    /// Session timeouts.
    pub policy: SessionPolicy,
    /// What session times are read from.
    pub clock: Clock,
}

impl AuthService {
    /// How agents can log in here.
    pub fn login_options(&self) -> LoginOptions {
        LoginOptions {
            password: self.accounts.has_password_logins(),
            oidc: self.oidc.is_some(),
            oidc_label: self
                .oidc
                .as_ref()
                .and_then(OidcClient::label)
                .map(str::to_owned),
        }
    }

    /// The agent a bearer token speaks for; `None` when bearer tokens are not accepted here.
    pub async fn bearer_principal(
        &self,
        token: &str,
    ) -> Option<Result<Arc<Principal>, BearerError>> {
        let bearer = self.bearer.as_ref()?;
        Some(bearer.principal(token, &self.accounts).await)
    }

    /// The state of the request's cookie session, ending it when it timed out.
    pub fn session(&self, session: &Session) -> Result<SessionStatus, SessionError> {
        web_session::current(session, &self.policy, &self.clock)
    }

    /// A page of the audit trail, newest first.
    pub async fn audit_page(&self, query: AuditQuery) -> Result<AuditPage, AuthError> {
        if query.limit == 0 || query.limit > MAX_AUDIT_LIMIT {
            return Err(AuthError::InvalidInput(format!(
                "`limit` must be between 1 and {MAX_AUDIT_LIMIT}"
            )));
        }
        self.audit.list(query).await.map_err(|error| {
            tracing::error!(error = %error, "audit trail unreadable");
            AuthError::AuditUnreadable
        })
    }
}
