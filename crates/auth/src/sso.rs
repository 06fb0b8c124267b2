//! Single sign-on as a use case: starting a login at the provider, and finishing it when the
//! browser comes back (audited either way, throttled per address, a new session on success).

use actix_session::Session;
use cs_api::{AuditAction, AuthMethod};
use cs_domain::Origin;
use url::Url;

use crate::error::AuthError;
use crate::login::LoggedIn;
use crate::oidc::{Callback, OidcClient, PendingLogin, SsoError};
use crate::service::AuthService;
use crate::throttle::Refused;
use crate::web_session::SessionAgent;

/// The agent named in the audit record of a failed SSO login: no ID token said who it was.
const UNKNOWN_AGENT: &str = "(unknown)";

/// How a single sign-on callback ended.
#[derive(Debug)]
pub enum SsoOutcome {
    /// Logged in; send the browser on to `return_to`.
    LoggedIn {
        /// The agent and their new session.
        login: LoggedIn,
        /// The same-site path the login started from.
        return_to: String,
    },
    /// Nobody was logged in, for this reason (its code goes to the login page).
    Refused(SsoError),
}

impl AuthService {
    fn provider(&self) -> Result<&OidcClient, AuthError> {
        self.oidc.as_ref().ok_or(AuthError::SsoDisabled)
    }

    /// Starts a login at the provider: the URL to send the browser to, and what the callback
    /// must see again (for the caller to keep with the browser until then).
    pub fn begin_sso(&self, return_to: &str) -> Result<(Url, PendingLogin), AuthError> {
        Ok(self.provider()?.begin(return_to))
    }

    /// Finishes a login when the provider sends the browser back with `callback`; `pending` is
    /// what [`AuthService::begin_sso`] gave this browser, if it still has it. A refusal is
    /// audited (unless no login was in flight here: then nobody tried to log in, and anyone
    /// could fill the trail) and counts against the address, which is refused for a while
    /// after too many.
    pub async fn finish_sso(
        &self,
        session: &Session,
        origin: &Origin,
        pending: Option<PendingLogin>,
        callback: &Callback,
    ) -> Result<SsoOutcome, AuthError> {
        let provider = self.provider()?;
        let address = origin.client_ip.as_deref().unwrap_or_default();
        let attempt = match self.throttle.begin_from(address).await {
            Ok(attempt) => attempt,
            Err(Refused::Throttled(_)) => {
                tracing::info!("sso callback refused: too many failures from this address");
                return Ok(SsoOutcome::Refused(SsoError::Throttled));
            }
            Err(Refused::Unavailable(_)) => return Err(AuthError::StoreUnavailable),
        };
        match provider.complete(pending, callback).await {
            Ok(login) => {
                attempt.release().await;
                let identity = login.identity;
                let actor = origin.actor(&identity.username, AuthMethod::Oidc);
                let agent = SessionAgent {
                    display_name: identity
                        .display_name
                        .unwrap_or_else(|| identity.username.clone()),
                    username: identity.username,
                    method: AuthMethod::Oidc,
                    external: Some(identity.external),
                    authorities: identity.authorities,
                };
                let logged_in = self.start_session(session, &actor, agent).await?;
                tracing::info!(agent = %logged_in.principal.username, "sso login");
                Ok(SsoOutcome::LoggedIn {
                    login: logged_in,
                    return_to: login.return_to,
                })
            }
            Err(error) => {
                drop(attempt);
                tracing::info!(sso.error = error.code(), "sso login refused");
                if error != SsoError::NoFlow {
                    let actor = origin.actor(UNKNOWN_AGENT, AuthMethod::Oidc);
                    // A failure is logged by `write_audit`; the agent is refused either way.
                    let _ = self
                        .write_audit(&actor, AuditAction::LoginFailed, Some(error.detail()))
                        .await;
                }
                Ok(SsoOutcome::Refused(error))
            }
        }
    }
}
