//! The OpenAPI document, generated from the routes.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::routes;

/// What the document says about the API as a whole; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Customer Service",
        description = "Find an end user by e-mail address, see their profile and registered mobile \
devices, delete a lost device (verified), and read their latest security events from Onegini CIM and \
the Onegini Token Server in one list.\n\nEvery error is an RFC 9457 `application/problem+json` body \
whose `type` names the kind of problem and whose `requestId` matches the `x-request-id` header.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "users", description = "Finding end users and reading their profile."),
        (name = "devices", description = "An end user's registered mobile devices."),
        (name = "events", description = "An end user's security events from both upstream products."),
        (name = "operations", description = "Health, readiness and metrics for operators."),
    ),
    components(schemas(cs_api::Problem))
)]
pub struct ApiDoc;

/// The complete document: the description above plus every registered route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

/// The document as pretty JSON with a final newline, as checked in at `openapi/customer-service.json`.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
