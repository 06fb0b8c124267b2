//! The OpenAPI document, generated from the routes.

use actix_web::App;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::problem::ProblemType;
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

/// Lists every kind of problem (type, status, title) in the `Problem` schema's description.
/// Applied after the routes are collected, whose schemas replace the components named above.
struct ProblemCatalogue;

impl Modify for ProblemCatalogue {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        if let Some(RefOr::T(Schema::Object(problem))) = components.schemas.get_mut("Problem") {
            let about = problem.description.take().unwrap_or_default();
            problem.description = Some(format!(
                "{about}\n\nEvery kind of problem this API answers with:\n\n{}",
                ProblemType::table()
            ));
        }
    }
}

/// The complete document: the description above plus every registered route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    ProblemCatalogue.modify(&mut api);
    api
}

/// The document as pretty JSON with a final newline, as checked in at `openapi/customer-service.json`.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::BTreeSet;

    use super::*;

    /// Every `/problems/<slug>` the text mentions.
    fn mentioned(text: &str) -> BTreeSet<String> {
        text.match_indices("/problems/")
            .map(|(at, prefix)| {
                let rest = &text[at + prefix.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                    .unwrap_or(rest.len());
                rest[..end].to_owned()
            })
            .filter(|slug| !slug.is_empty())
            .collect()
    }

    #[test]
    fn the_document_lists_the_catalogue_and_no_other_problem() {
        let api = openapi();
        let components = api.components.as_ref().unwrap();
        let Some(RefOr::T(Schema::Object(problem))) = components.schemas.get("Problem") else {
            panic!("no Problem schema");
        };
        let listed = mentioned(problem.description.as_deref().unwrap());
        let catalogue: BTreeSet<String> = ProblemType::ALL
            .iter()
            .map(|p| p.slug().to_owned())
            .collect();
        assert_eq!(listed, catalogue, "the Problem schema lists the catalogue");

        let anywhere = mentioned(&api.to_json().unwrap());
        let unknown: Vec<_> = anywhere.difference(&catalogue).collect();
        assert!(
            unknown.is_empty(),
            "documented but not in the catalogue: {unknown:?}"
        );
    }
}
