//! Who is calling, and what they may see and do.
//!
//! Every handler that touches end-user data takes a [`Caller`]. Authentication decides how it is
//! made; handlers only ask it for field access and permissions, so adding or changing the ways to
//! log in does not touch a route.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use cs_domain::FieldAccess;

use crate::error::ApiError;

/// The identity behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    access: FieldAccess,
    may_delete_devices: bool,
}

impl Caller {
    /// The person fields this caller may read.
    pub fn field_access(&self) -> &FieldAccess {
        &self.access
    }

    /// Refuses a caller without the `DELETE_DEVICE` permission.
    pub fn require_delete_device(&self) -> Result<(), ApiError> {
        if self.may_delete_devices {
            Ok(())
        } else {
            Err(ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                "forbidden",
                "Permission denied",
                "Deleting a device needs the DELETE_DEVICE permission.",
            ))
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(_req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        // Until agent authentication exists, every caller is a full-access agent.
        ready(Ok(Caller {
            access: FieldAccess::all(),
            may_delete_devices: true,
        }))
    }
}
