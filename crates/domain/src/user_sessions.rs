//! An end user's sessions at the Token Server, and signing them out everywhere: audited, and
//! verified by listing them again (the Token Server answers 204 whatever happened).

use cs_api::{AuditAction, SignOutResult, UserSession};

use crate::audit::{Actor, ChangeError, PlannedChange};
use crate::devices::reason;
use crate::error::DomainError;
use crate::mapping::from_epoch_ms;
use crate::service::CustomerService;

fn wire(session: &cs_upstream::TsSession) -> UserSession {
    UserSession {
        id: session.id.clone(),
        client: session.client.clone(),
        created_at: session.created_ms.and_then(from_epoch_ms),
        last_used_at: session.last_used_ms.and_then(from_epoch_ms),
    }
}

impl CustomerService {
    /// The user's sessions at the Token Server, read now (never cached: they change all the
    /// time). `UserNotFound` when CIM has no such person.
    pub async fn user_sessions(&self, user_id: &str) -> Result<Vec<UserSession>, DomainError> {
        let (person, sessions) = tokio::join!(
            self.cached_person(user_id),
            self.token_server.sessions(user_id)
        );
        person?;
        Ok(sessions?.iter().map(wire).collect())
    }

    /// Ends every session of `user_id` and revokes their tokens, for `actor`; how many there
    /// were. `NothingToChange` when there was none; `SessionsNotEnded` when the Token Server
    /// still lists some afterwards. A sign-out that cannot be audited is not made.
    pub async fn sign_out_everywhere(
        &self,
        actor: &Actor,
        user_id: &str,
        reason: Option<String>,
    ) -> Result<SignOutResult, DomainError> {
        let reason = self::reason(reason)?;
        let (person, before) = tokio::join!(
            self.cached_person(user_id),
            self.token_server.sessions(user_id)
        );
        person?;
        let before = before?;
        let change = PlannedChange {
            action: AuditAction::UserSignOut,
            user_id: Some(user_id.to_owned()),
            device_id: None,
            application: None,
            reason,
        };
        let work = async {
            if before.is_empty() {
                return Err(ChangeError::NotMade(DomainError::NothingToChange));
            }
            let asked = self.token_server.end_sessions(user_id).await;
            // Ending sessions is a Token Server event: every replica's cached events go stale.
            self.caches.invalidate_user(user_id).await;
            self.notice.user_changed(user_id).await;
            match (asked, self.token_server.sessions(user_id).await) {
                (_, Ok(after)) if after.is_empty() => {
                    tracing::info!(
                        user.id = user_id,
                        sessions = before.len(),
                        "user signed out everywhere"
                    );
                    Ok(SignOutResult {
                        ended: u32::try_from(before.len()).unwrap_or(u32::MAX),
                    })
                }
                (_, Ok(after)) => {
                    tracing::warn!(
                        user.id = user_id,
                        left = after.len(),
                        "Token Server kept sessions it was asked to end"
                    );
                    Err(ChangeError::Failed(DomainError::SessionsNotEnded))
                }
                (Err(error), Err(_)) | (Ok(()), Err(error)) => {
                    Err(ChangeError::Failed(error.into()))
                }
            }
        };
        self.audited(actor, change, work).await
    }
}
