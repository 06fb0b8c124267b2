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

/// The id of this request: the client's `x-request-id` when it is short and plain (so it cannot
/// forge log lines), else a new UUID.
pub(crate) fn request_id_for(req: &ServiceRequest) -> String {
    let given = req
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 128
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
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
