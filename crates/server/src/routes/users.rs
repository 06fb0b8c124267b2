//! Finding users and reading a profile.

use actix_web::{get, web};
use cs_api::{Problem, UserProfile, UserSearchResults};
use cs_domain::{CustomerService, EmailAddress};
use serde::Deserialize;
use utoipa::IntoParams;

use super::params;
use super::responses::{AuthFailures, UpstreamFailures};
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// The search query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// The end user's e-mail address; matched case-insensitively against all their addresses.
    /// At most 64 characters before the `@`; quoted forms and non-ASCII addresses are refused.
    #[param(
        example = "joe.doe@example.com",
        min_length = 3,
        max_length = 254,
        pattern = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$"
    )]
    email: String,
}

/// Find end users by e-mail address.
///
/// Returns every person with this address (usually one), each with the number of devices they
/// registered. When the Token Server cannot be read, the device counts are left out and
/// `unavailable` says so.
#[utoipa::path(
    operation_id = "searchUsers",
    tag = "users",
    params(SearchQuery),
    responses(
        (status = 200, description = "The matching users (possibly none).", body = UserSearchResults),
        (status = 400, description = "The address is missing or not an e-mail address.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users")]
pub(crate) async fn search_users(
    service: web::Data<CustomerService>,
    caller: Caller,
    query: web::Query<SearchQuery>,
) -> Result<web::Json<UserSearchResults>, ApiError> {
    caller.require_read_users()?;
    let email: EmailAddress = query
        .email
        .parse()
        .map_err(|e: cs_domain::InvalidEmail| ApiError::bad_request(format!("`email`: {e}")))?;
    let found = service.search_users(&email, &caller.field_access()).await?;
    Ok(web::Json(found))
}

/// Read an end user's profile.
///
/// The person's fields the agent may read, their devices and their latest events, read from all
/// upstreams at once. When the devices or an events source cannot be read, the answer is still 200
/// and `unavailable` names what is missing and why.
#[utoipa::path(
    operation_id = "getUserProfile",
    tag = "users",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    responses(
        (status = 200, description = "The profile.", body = UserProfile),
        (status = 400, description = "The user id is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "CIM has no person with this id.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users/{userId}")]
pub(crate) async fn get_user_profile(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<web::Json<UserProfile>, ApiError> {
    caller.require_read_users()?;
    let user_id = params::id("userId", &path)?;
    Ok(web::Json(
        service.profile(user_id, &caller.field_access()).await?,
    ))
}
