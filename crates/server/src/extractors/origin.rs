//! Where a request comes from, as the audit trail records it.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use cs_domain::Origin;

use crate::middleware::context::RequestContext;
use crate::problem::ApiError;

/// The request's id and the client address as the server saw it (forwarding headers are not
/// trusted).
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOrigin(pub(crate) Origin);

impl RequestOrigin {
    /// The origin of `req`.
    pub(crate) fn of(req: &HttpRequest) -> Self {
        RequestOrigin(Origin {
            request_id: RequestContext::current().map(|c| c.id),
            client_ip: req.peer_addr().map(|addr| addr.ip().to_string()),
        })
    }
}

impl FromRequest for RequestOrigin {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(RequestOrigin::of(req)))
    }
}
