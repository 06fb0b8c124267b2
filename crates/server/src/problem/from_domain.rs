//! Use-case failures as problems.

use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use cs_domain::{DomainError, FailureKind, UpstreamFailure};

use super::{ApiError, ProblemType};

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::UserNotFound => {
                ApiError::new(ProblemType::UserNotFound, "CIM has no person with this id.")
            }
            DomainError::DeviceNotFound => ApiError::new(
                ProblemType::DeviceNotFound,
                "The user has no registered device with this id (it may have been removed already).",
            ),
            DomainError::DeviceNotRemoved => ApiError::new(
                ProblemType::DeviceNotRemoved,
                "The Token Server accepted the delete request, but the device is still registered. \
                 Nothing was removed; try again, and report it to the Token Server's operator if it persists.",
            ),
            DomainError::NothingToChange => ApiError::new(
                ProblemType::NothingToChange,
                "The device is already in that state: see its `availableActions`. Nothing was changed.",
            ),
            DomainError::DeviceNotChanged => ApiError::new(
                ProblemType::DeviceNotChanged,
                "The Token Server accepted the request, but lists the device unchanged. \
                 Try again, and report it to the Token Server's operator if it persists.",
            ),
            DomainError::SessionsNotEnded => ApiError::new(
                ProblemType::SessionsNotEnded,
                "The Token Server accepted ending the user's sessions, but still lists some. \
                 Try again, and report it to the Token Server's operator if it persists.",
            ),
            DomainError::DeviceNotVerifiable => ApiError::new(
                ProblemType::DeviceNotVerifiable,
                "The device is not enrolled for push notifications (its `mobileAuthentication` is not \
                 `activated_with_push`), so it cannot be asked to verify the caller. Nothing was sent.",
            ),
            DomainError::VerificationNotFound => ApiError::new(
                ProblemType::VerificationNotFound,
                "There is no verification with this id for this user (it may have ended more than a day ago).",
            ),
            DomainError::StateUnavailable => ApiError::new(
                ProblemType::DatabaseUnavailable,
                "Verifications cannot be read or stored right now because the database does not answer. \
                 Try again shortly.",
            ),
            DomainError::InvalidInput(detail) => ApiError::bad_request(detail),
            DomainError::AuditUnavailable => ApiError::new(
                ProblemType::AuditUnavailable,
                "The change was refused because it could not be recorded in the audit trail. Nothing was changed.",
            ),
            DomainError::Upstream(failure) => upstream(failure),
        }
    }
}

/// The problem of a failed upstream: the domain's sentence, and when to try again.
fn upstream(failure: UpstreamFailure) -> ApiError {
    let problem = match failure.kind {
        FailureKind::Timeout => ProblemType::UpstreamTimeout,
        FailureKind::Unreachable => ProblemType::UpstreamUnavailable,
        FailureKind::BadCredentials
        | FailureKind::NotGranted
        | FailureKind::NoSearch
        | FailureKind::LookupSwitchedOff => ProblemType::UpstreamConfiguration,
        FailureKind::BadAnswer => ProblemType::UpstreamError,
    };
    if !failure.is_transient() {
        return ApiError::new(problem, failure.to_string());
    }
    let error = ApiError::new(problem, format!("{failure} Try again in a moment."));
    if failure.kind == FailureKind::Unreachable {
        error.with_header(RETRY_AFTER, HeaderValue::from_static("5"))
    } else {
        error
    }
}
