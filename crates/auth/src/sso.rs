//! Single sign-on as a use case: starting a login at the provider, and finishing it when the
//! browser comes back (audited either way, a new session on success).

use actix_session::Session;
use cs_api::{AuditAction, AuthMethod};
use cs_domain::Origin;
use url::Url;

use crate::error::AuthError;
use crate::login::LoggedIn;
use crate::oidc::{self, Callback, OidcClient, SsoError};
use crate::service::AuthService;
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

    /// Starts a login at the provider: the URL to send the browser to. What the callback must
    /// see again is kept in the (pre-login) session.
    pub fn begin_sso(&self, session: &Session, return_to: &str) -> Result<Url, AuthError> {
        let (url, pending) = self.provider()?.begin(return_to);
        oidc::store(session, &pending)
            .map_err(|error| AuthError::SessionStorage(error.to_string()))?;
        Ok(url)
    }

    /// Finishes a login when the provider sends the browser back. The login in flight is taken
    /// from the session either way, so a callback works once. A refusal is audited (unless no
    /// login was in flight here: then nobody tried to log in, and anyone could fill the trail).
    pub async fn finish_sso(
        &self,
        session: &Session,
        origin: &Origin,
        callback: &Callback,
    ) -> Result<SsoOutcome, AuthError> {
        let provider = self.provider()?;
        let pending = oidc::take(session).unwrap_or_else(|error| {
            tracing::error!(error = %error, "the login in flight could not be read");
            None
        });
        match provider.complete(pending, callback).await {
            Ok(login) => {
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
