//! The OpenAPI document, generated from the routes.

use actix_web::App;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
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
whose `type` names the kind of problem and whose `requestId` matches the `x-request-id` header.\n\n\
Authenticate with a bearer JWT (`Authorization: Bearer ...`) or the cookie session of `POST /api/v1/session`.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "users", description = "Finding end users and reading their profile."),
        (name = "devices", description = "An end user's registered mobile devices."),
        (name = "events", description = "An end user's security events from both upstream products."),
        (name = "session", description = "Agents logging in and out."),
        (name = "audit", description = "The audit trail of changes and logins."),
        (name = "operations", description = "Health, readiness and metrics for operators."),
    ),
    components(schemas(cs_api::Problem)),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("session" = []))
)]
pub struct ApiDoc;

/// The two ways to authenticate: a bearer JWT (tools, Swagger UI's Authorize button) and the
/// SPA's cookie session (whose changing requests carry `X-XSRF-TOKEN`).
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("A JWT from the configured issuer; in the demo, `customer-service token --agent agent`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "__Host-cs-session",
                "The session cookie set by `POST /api/v1/session` (named `cs-session` on plain-HTTP loopback deployments). \
                 Changing requests must also send `X-XSRF-TOKEN` with the value of the `XSRF-TOKEN` cookie.",
            ))),
        );
    }
}

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
