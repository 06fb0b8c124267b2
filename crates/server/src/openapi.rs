//! The OpenAPI document, generated from the routes.

use actix_web::App;
use utoipa::openapi::link::LinkBuilder;
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
        (name = "verifications", description = "Verifying a caller by a push to one of the end user's devices."),
        (name = "sessions", description = "An end user's sessions at the Token Server, and signing them out everywhere."),
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

/// Links from an answer to the operations its values lead to (search → profile → devices →
/// delete a device; profile → events), so clients and stateful fuzzers can follow the use
/// cases instead of guessing ids. Applied, like the catalogue, after the routes are collected.
struct UseCaseLinks;

/// A link: from the GET answer of a path, to an operation, why, and its parameters.
type UseCaseLink = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

impl UseCaseLinks {
    const LINKS: [UseCaseLink; 4] = [
        (
            "/api/v1/users",
            "getUserProfile",
            "The profile of the first user found.",
            &[("userId", "$response.body#/users/0/personId")],
        ),
        (
            "/api/v1/users/{userId}",
            "listDevices",
            "This user's devices.",
            &[("userId", "$request.path.userId")],
        ),
        (
            "/api/v1/users/{userId}",
            "listEvents",
            "This user's events, page by page.",
            &[("userId", "$request.path.userId")],
        ),
        (
            "/api/v1/users/{userId}/devices",
            "deleteDevice",
            "Deleting the first device listed.",
            &[
                ("userId", "$request.path.userId"),
                ("deviceId", "$response.body#/devices/0/id"),
            ],
        ),
    ];
}

impl Modify for UseCaseLinks {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, operation_id, description, parameters) in Self::LINKS {
            let Some(get) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| item.get.as_mut())
            else {
                continue;
            };
            let Some(RefOr::T(ok)) = get.responses.responses.get_mut("200") else {
                continue;
            };
            let mut link = LinkBuilder::new()
                .operation_id(operation_id)
                .description(description);
            for (name, value) in parameters {
                link = link.parameter(*name, *value);
            }
            ok.links
                .insert(operation_id.to_owned(), RefOr::T(link.build()));
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
    UseCaseLinks.modify(&mut api);
    api
}

/// The handler answering with the document (`json`, made once at start).
pub(crate) fn serve(
    json: actix_web::web::Bytes,
) -> impl Fn() -> std::future::Ready<actix_web::HttpResponse> + Clone + 'static {
    move || {
        std::future::ready(
            actix_web::HttpResponse::Ok()
                .content_type("application/json")
                .body(json.clone()),
        )
    }
}

/// The document as pretty JSON with a final newline: served at `/api-docs/openapi.json` and
/// checked in at `openapi/customer-service.json`.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    // utoipa 5 writes a Link's fields in snake case, which the OpenAPI format spells in camel
    // case (tools would not see the links otherwise). Only Link objects have these keys.
    for (from, to) in [
        ("\"operation_id\":", "\"operationId\":"),
        ("\"operation_ref\":", "\"operationRef\":"),
        ("\"request_body\":", "\"requestBody\":"),
    ] {
        json = json.replace(from, to);
    }
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
    fn links_lead_from_search_to_profile_to_devices_and_events_and_to_deletion() {
        let json: serde_json::Value = serde_json::from_str(&openapi_json()).unwrap();
        let links = |path: &str| {
            let links = &json["paths"][path]["get"]["responses"]["200"]["links"];
            let mut targets: Vec<&str> = links
                .as_object()
                .unwrap()
                .values()
                .map(|link| link["operationId"].as_str().unwrap())
                .collect();
            targets.sort_unstable();
            targets
        };
        assert_eq!(links("/api/v1/users"), ["getUserProfile"]);
        assert_eq!(
            links("/api/v1/users/{userId}"),
            ["listDevices", "listEvents"]
        );
        assert_eq!(links("/api/v1/users/{userId}/devices"), ["deleteDevice"]);
        let operations: Vec<&str> = json["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|operation| operation["operationId"].as_str())
            .collect();
        for target in [
            "getUserProfile",
            "listDevices",
            "listEvents",
            "deleteDevice",
        ] {
            assert!(operations.contains(&target), "{target} is an operation");
        }
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
