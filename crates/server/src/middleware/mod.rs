//! What wraps every request: its id and context, observation (logs, metrics), security headers.

pub(crate) mod context;
pub(crate) mod headers;
pub(crate) mod metrics;
pub(crate) mod observe;
pub(crate) mod session;
