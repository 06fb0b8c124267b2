//! Who is calling: what the Token Server writes into the events a request leaves behind.

use actix_web::HttpRequest;
use actix_web::http::header::USER_AGENT;

use crate::device_ops::Caller;
use crate::gate::CallContext;

/// The authenticated API client of a vendor request, with its address and user agent.
pub(super) fn caller(req: &HttpRequest, ctx: &CallContext) -> Caller {
    Caller {
        api_client: ctx.api_client.clone(),
        client_ip: client_ip(req),
        user_agent: req
            .headers()
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// The peer's address (loopback when actix does not know it, as in unit tests).
pub(super) fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map_or_else(|| "127.0.0.1".to_owned(), |a| a.ip().to_string())
}
