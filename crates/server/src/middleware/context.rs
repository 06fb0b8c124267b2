//! The request id and path of the request being served, for code that has no access to the
//! request itself (error bodies are built from an error value alone).

use actix_web::dev::ServiceRequest;
use tokio::task::futures::TaskLocalFuture;

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// What identifies the request being served.
#[derive(Debug, Clone)]
pub(crate) struct RequestContext {
    /// The request id: the client's `x-request-id` when it is usable, else a fresh one.
    pub(crate) id: String,
    /// The request path, without the query string (queries may hold e-mail addresses).
    pub(crate) path: String,
}

impl RequestContext {
    /// The context of the request being served, if any.
    pub(crate) fn current() -> Option<RequestContext> {
        CONTEXT.try_with(Clone::clone).ok()
    }

    /// `future`, run with this context as the current one.
    pub(crate) fn scope<F: Future>(self, future: F) -> TaskLocalFuture<RequestContext, F> {
        CONTEXT.scope(self, future)
    }
}

/// Whether a client's request id may stand in logs and the audit trail: 1 to 64 letters,
/// digits, `-` and `_`, starting with a letter or digit (a UUID, a proxy's hex id).
fn is_plain_id(id: &str) -> bool {
    id.len() <= 64
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The id of this request: the client's `x-request-id` when it is plain (so it cannot forge
/// log lines or audit evidence), else a new UUID.
pub(crate) fn request_id_for(req: &ServiceRequest) -> String {
    let given = req
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|id| is_plain_id(id));
    // A thread-local CSPRNG, not the OS: one system call per request would show in profiles.
    given.map_or_else(
        || {
            uuid::Builder::from_random_bytes(rand::random())
                .into_uuid()
                .to_string()
        },
        str::to_owned,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_taken_from_clients() {
        for ok in [
            "abc-123",
            "5b7a3c1e-2f64-4c1e-9d7b-0a4f1e3c2b11",
            "a_b",
            &"x".repeat(64),
        ] {
            assert!(is_plain_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-abc",
            "a.b",
            "a:b",
            "a b",
            "a\"b",
            "ü",
            &"x".repeat(65),
        ] {
            assert!(!is_plain_id(bad), "{bad:?}");
        }
    }
}
