//! Every kind of problem the API answers with: its type URI, status and title, in one list.
//!
//! The OpenAPI document lists this catalogue (in the `Problem` schema), and the API tests make
//! each entry happen; a new kind of problem is added here or nowhere.

use actix_web::http::StatusCode;

/// Declares [`ProblemType`] and [`ProblemType::ALL`] from one list, so the two cannot drift.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident => ($slug:literal, $status:ident, $title:literal), )*) => {
        /// A kind of problem: one entry of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ProblemType {
            $( $(#[$doc])* $variant, )*
        }

        impl ProblemType {
            /// Every kind of problem, in the order the documentation lists them.
            pub const ALL: &'static [ProblemType] = &[$(ProblemType::$variant,)*];

            /// The stable name in the type URI, e.g. `device-not-removed`.
            pub fn slug(self) -> &'static str {
                match self { $(ProblemType::$variant => $slug,)* }
            }

            /// The HTTP status answered with this problem.
            pub fn status(self) -> StatusCode {
                match self { $(ProblemType::$variant => StatusCode::$status,)* }
            }

            /// The short, human-readable summary of this kind of problem.
            pub fn title(self) -> &'static str {
                match self { $(ProblemType::$variant => $title,)* }
            }
        }
    };
}

catalogue! {
    /// The request is malformed or invalid (a parameter, the query string, the JSON body).
    InvalidRequest => ("invalid-request", BAD_REQUEST, "The request is not valid"),
    /// No route has this path.
    NotFound => ("not-found", NOT_FOUND, "Not found"),
    /// The path exists, but not with this method (`Allow` names the ones it has).
    MethodNotAllowed => ("method-not-allowed", METHOD_NOT_ALLOWED, "Method not allowed"),
    /// The body is not `application/json`.
    UnsupportedMediaType => ("unsupported-media-type", UNSUPPORTED_MEDIA_TYPE, "The body must be JSON"),
    /// The body is larger than the operation accepts.
    BodyTooLarge => ("body-too-large", PAYLOAD_TOO_LARGE, "The request body is too large"),
    /// No valid session or bearer token.
    Unauthorized => ("unauthorized", UNAUTHORIZED, "Authentication required"),
    /// The agent lacks the permission for this operation.
    Forbidden => ("forbidden", FORBIDDEN, "Permission denied"),
    /// A change over a cookie session without the matching `X-XSRF-TOKEN` header.
    Csrf => ("csrf", FORBIDDEN, "Missing or wrong CSRF token"),
    /// Wrong username or password.
    LoginFailed => ("login-failed", UNAUTHORIZED, "Login failed"),
    /// Too many failed logins for the username or address; `Retry-After` says how long to wait.
    TooManyLogins => ("too-many-logins", TOO_MANY_REQUESTS, "Too many failed logins"),
    /// Every password check is busy; `Retry-After` says when to try again. Nothing was checked.
    LoginBusy => ("login-busy", SERVICE_UNAVAILABLE, "Too many logins at once"),
    /// Single sign-on was asked for, but no OpenID Connect provider is configured.
    SsoDisabled => ("sso-disabled", NOT_FOUND, "Single sign-on is not enabled"),
    /// The keys to verify bearer tokens cannot be fetched right now.
    KeysUnavailable => ("keys-unavailable", SERVICE_UNAVAILABLE, "Token keys unavailable"),
    /// CIM has no person with this id.
    UserNotFound => ("user-not-found", NOT_FOUND, "User not found"),
    /// The user has no registered device with this id.
    DeviceNotFound => ("device-not-found", NOT_FOUND, "Device not found"),
    /// The Token Server accepted a deletion but still lists the device.
    DeviceNotRemoved => ("device-not-removed", BAD_GATEWAY, "The Token Server did not remove the device"),
    /// The device is already as the action would leave it (see its `availableActions`).
    NothingToChange => ("nothing-to-change", CONFLICT, "Nothing to change"),
    /// The Token Server accepted a change to a device but lists it unchanged.
    DeviceNotChanged => ("device-not-changed", BAD_GATEWAY, "The Token Server did not change the device"),
    /// The Token Server accepted ending a user's sessions but still lists some.
    SessionsNotEnded => ("sessions-not-ended", BAD_GATEWAY, "The Token Server did not end the sessions"),
    /// The device cannot be sent a verification request: it is not enrolled for push.
    DeviceNotVerifiable => ("device-not-verifiable", CONFLICT, "The device cannot verify the caller"),
    /// No verification with this id for this user.
    VerificationNotFound => ("verification-not-found", NOT_FOUND, "Verification not found"),
    /// The audit trail cannot be written (the change was not made) or read.
    AuditUnavailable => ("audit-unavailable", SERVICE_UNAVAILABLE, "The audit trail is unavailable"),
    /// The database does not answer: cookie sessions cannot be read, nobody can log in; bearer
    /// tokens still work.
    DatabaseUnavailable => ("database-unavailable", SERVICE_UNAVAILABLE, "The database is unavailable"),
    /// An upstream did not answer in time.
    UpstreamTimeout => ("upstream-timeout", GATEWAY_TIMEOUT, "An upstream did not answer in time"),
    /// An upstream could not be reached; `Retry-After` says when to try again.
    UpstreamUnavailable => ("upstream-unavailable", SERVICE_UNAVAILABLE, "An upstream is unavailable"),
    /// An upstream refused the credentials or grants of Customer Service: an operator must act.
    UpstreamConfiguration => ("upstream-configuration", BAD_GATEWAY, "An upstream refused Customer Service"),
    /// An upstream answered with something Customer Service could not use.
    UpstreamError => ("upstream-error", BAD_GATEWAY, "An upstream answered unexpectedly"),
    /// Something failed inside Customer Service; the log has the details.
    Internal => ("internal", INTERNAL_SERVER_ERROR, "Internal error"),
}

impl ProblemType {
    /// The `type` of problem bodies of this kind: a URI reference relative to this service.
    pub fn uri(self) -> String {
        format!("/problems/{}", self.slug())
    }

    /// The catalogue as a Markdown table, for the OpenAPI document.
    pub fn table() -> String {
        let mut table = String::from("| type | status | title |\n|---|---|---|\n");
        for problem in Self::ALL {
            table.push_str(&format!(
                "| `{}` | {} | {} |\n",
                problem.uri(),
                problem.status().as_u16(),
                problem.title()
            ));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_entry_has_its_own_type_and_an_error_status() {
        let slugs: HashSet<_> = ProblemType::ALL.iter().map(|p| p.slug()).collect();
        assert_eq!(slugs.len(), ProblemType::ALL.len(), "a slug is used twice");
        for problem in ProblemType::ALL {
            assert!(
                problem.status().is_client_error() || problem.status().is_server_error(),
                "{problem:?}"
            );
            assert!(
                problem
                    .slug()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{problem:?}"
            );
        }
    }
}
