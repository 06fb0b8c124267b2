//! Agent use-case failures as problems.

use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use cs_auth::AuthError;

use super::{ApiError, ProblemType};

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::InvalidInput(detail) => ApiError::bad_request(detail),
            AuthError::Throttled { retry_after } => {
                let seconds = retry_after.as_secs().max(1);
                ApiError::new(
                    ProblemType::TooManyLogins,
                    format!(
                        "Too many failed logins for this username or address; try again in {seconds} seconds."
                    ),
                )
                .with_header(RETRY_AFTER, HeaderValue::from(seconds))
            }
            AuthError::Busy { retry_after } => ApiError::new(
                ProblemType::LoginBusy,
                "Too many logins are being checked at once; try again in a moment.",
            )
            .with_header(RETRY_AFTER, HeaderValue::from(retry_after.as_secs().max(1))),
            AuthError::LoginFailed => {
                ApiError::new(ProblemType::LoginFailed, "Wrong username or password.")
            }
            AuthError::AuditUnavailable => ApiError::new(
                ProblemType::AuditUnavailable,
                "The change was refused because it could not be recorded in the audit trail. Nothing was changed.",
            ),
            AuthError::StoreUnavailable => ApiError::new(
                ProblemType::DatabaseUnavailable,
                "Logins are refused while the database is unavailable; nothing was changed. Try again in a moment.",
            ),
            AuthError::AuditUnreadable => ApiError::new(
                ProblemType::AuditUnavailable,
                "The audit trail cannot be read right now.",
            ),
            AuthError::SsoDisabled => ApiError::new(
                ProblemType::SsoDisabled,
                "This server has no OpenID Connect provider configured (oidc.enabled).",
            ),
            AuthError::SessionStorage(error) => {
                tracing::error!(error = %error, "session storage failed");
                ApiError::internal("The session could not be stored")
            }
        }
    }
}
