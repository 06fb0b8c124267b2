//! The HTTP routes, registered through utoipa-actix-web so the routes and the OpenAPI document
//! come from one list.

mod audit;
mod audit_csv;
mod devices;
mod events;
pub(crate) mod fallback;
pub(crate) mod health;
mod oidc;
mod params;
mod responses;
mod session;
pub(crate) mod spa;
mod user_sessions;
mod users;
mod verifications;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route.
pub(crate) fn configure(config: &mut ServiceConfig) {
    config
        .service(
            utoipa_actix_web::scope("/api/v1")
                .service(users::search_users)
                .service(users::get_user_profile)
                .service(devices::list_devices)
                .service(devices::delete_device)
                .service(devices::change_device)
                .service(devices::delete_devices)
                .service(user_sessions::list_sessions)
                .service(user_sessions::sign_out_everywhere)
                .service(verifications::start_verification)
                .service(verifications::get_verification)
                .service(events::list_events)
                .service(session::get_session)
                .service(session::login_options)
                .service(session::login)
                .service(session::logout)
                .service(oidc::sso_login)
                .service(oidc::sso_callback)
                .service(audit::list_audit),
        )
        .service(health::healthz)
        .service(health::readyz)
        .service(health::metrics);
}
