//! Everything about agents that requests need, shared by all workers.

use std::sync::{Arc, PoisonError, RwLock};

use actix_session::Session;
use cs_api::{AuditPage, AuditRecord, LoginOptions};
use cs_clock::Clock;

use crate::accounts::Accounts;
use crate::audit::{AuditQuery, AuditStore, MAX_AUDIT_LIMIT};
use crate::bearer::BearerAuth;
use crate::error::AuthError;
use crate::jwt::BearerError;
use crate::oidc::OidcClient;
use crate::password::HashingPool;
use crate::principal::Principal;
use crate::throttle::LoginThrottle;
use crate::web_session::{self, SessionAgent, SessionError, SessionPolicy, SessionStatus};

/// The current agent accounts, replaced whole when the accounts file is read again.
#[derive(Debug)]
pub struct SharedAccounts(RwLock<Accounts>);

impl SharedAccounts {
    /// Starting with `accounts`.
    pub fn new(accounts: Accounts) -> Self {
        SharedAccounts(RwLock::new(accounts))
    }

    /// The accounts as they are now (a cheap handle).
    pub fn current(&self) -> Accounts {
        // A plain handle swap: a panic elsewhere cannot leave it half-written.
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, accounts: Accounts) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = accounts;
    }
}

/// The agent use cases: who is calling, logging in and out, single sign-on, the audit trail.
pub struct AuthService {
    /// Local agents and groups.
    pub accounts: SharedAccounts,
    /// The audit trail.
    pub audit: AuditStore,
    /// Failed-login limits.
    pub throttle: LoginThrottle,
    /// Where password checks run, bounded.
    pub hashing: HashingPool,
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
    /// The database's reachability, as readiness reports it. Not required: reads with a bearer
    /// token go on without it, while logins and changes are refused.
    pub async fn database_status(&self) -> cs_api::UpstreamStatus {
        let started = std::time::Instant::now();
        let outcome = self.audit.ping().await;
        cs_api::UpstreamStatus {
            name: "database".into(),
            reachable: outcome.is_ok(),
            latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            detail: outcome.err().map(|error| {
                tracing::warn!(%error, "the database does not answer");
                "The database does not answer: logins and changes are refused until it does."
                    .to_owned()
            }),
            required: false,
        }
    }

    /// How agents can log in here.
    pub fn login_options(&self) -> LoginOptions {
        LoginOptions {
            password: self.accounts.current().has_password_logins(),
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

    /// The state of the request's cookie session with the agent's current rights, ending it when
    /// it timed out or its agent is no longer an agent here.
    pub fn session(&self, session: &Session) -> Result<SessionStatus<Principal>, SessionError> {
        Ok(
            match web_session::current(session, &self.policy, &self.clock)? {
                SessionStatus::Active {
                    agent,
                    csrf_token,
                    expires_at,
                } => match self.principal_of(&agent) {
                    Some(principal) => SessionStatus::Active {
                        agent: principal,
                        csrf_token,
                        expires_at,
                    },
                    None => {
                        tracing::info!(agent = %agent.username, "session ended: the agent is gone");
                        web_session::end(session);
                        SessionStatus::Expired
                    }
                },
                SessionStatus::Anonymous => SessionStatus::Anonymous,
                SessionStatus::Expired => SessionStatus::Expired,
            },
        )
    }

    /// The rights `agent` has now: a local agent's from the current accounts (none when removed),
    /// a single sign-on agent's from what the provider asserted and the groups they name now.
    pub(crate) fn principal_of(&self, agent: &SessionAgent) -> Option<Principal> {
        let accounts = self.accounts.current();
        match &agent.external {
            None => accounts.local_principal(&agent.username, agent.method),
            Some(identity) => Some(accounts.external_principal(
                identity,
                &agent.username,
                Some(&agent.display_name),
                agent.method,
                &agent.authorities,
            )),
        }
    }

    /// Replaces the accounts (the file was read again): every session and remembered bearer
    /// token has the new rights from its next request on.
    pub fn reload_accounts(&self, accounts: Accounts) {
        self.accounts.replace(accounts);
        if let Some(bearer) = &self.bearer {
            bearer.forget_all();
        }
        tracing::info!("agent accounts reloaded");
    }

    /// A page of the audit trail's records without the chain's state, and the `before` of the
    /// next page: an export reads the whole filtered trail this way.
    pub async fn audit_records(
        &self,
        query: &AuditQuery,
    ) -> Result<(Vec<AuditRecord>, Option<i64>), AuthError> {
        self.audit.records(query).await.map_err(|error| {
            tracing::error!(error = %error, "audit trail unreadable");
            AuthError::AuditUnreadable
        })
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
