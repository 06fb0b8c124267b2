//! Route table: which handler answers which method and path, under which route id.

mod caller;
mod cim;
mod cim_events;
mod control;
mod migration;
mod mobile_auth;
mod phone;
mod push;
mod query;
mod token_server;
mod ts_events;

use actix_web::web;

use crate::gate::vendor;
use crate::route_id::RouteId;
use crate::store::SimState;

/// Registers the vendor routes (behind the gate) and the `/_sim/` controls.
pub(crate) fn configure(cfg: &mut web::ServiceConfig, state: &SimState) {
    let v = |id, route| vendor(state, id, route);
    const DEVICES: &str = "/oauth/api/v4/users/{user_id}/devices";
    cfg.service(
        web::resource(DEVICES)
            .route(v(RouteId::TsDevicesList, web::get().to(token_server::list)))
            .route(v(
                RouteId::TsDevicesDeleteAll,
                web::delete().to(token_server::delete_all),
            ))
            .route(v(
                RouteId::TsDevicesBulkDelete,
                web::post().to(token_server::bulk_delete),
            )),
    )
    .service(web::resource(format!("{DEVICES}/{{device_id}}")).route(v(
        RouteId::TsDevicesDelete,
        web::delete().to(token_server::delete_one),
    )))
    .service(
        web::resource(format!("{DEVICES}/{{device_id}}/disablePushAuthentication")).route(v(
            RouteId::TsDevicesDisablePush,
            web::post().to(token_server::disable_push),
        )),
    )
    .service(
        web::resource(format!(
            "{DEVICES}/{{device_id}}/disableMobileAuthentication"
        ))
        .route(v(
            RouteId::TsDevicesDisableMobileAuth,
            web::post().to(token_server::disable_mobile_auth),
        )),
    )
    .service(
        web::resource(format!("{DEVICES}/{{device_id}}/disableFingerprint")).route(v(
            RouteId::TsDevicesDisableFingerprint,
            web::post().to(token_server::disable_fingerprint),
        )),
    )
    .service(
        web::resource("/oauth/api/v1/users/{user_id}/sessions")
            .route(v(
                RouteId::TsSessionsList,
                web::get().to(token_server::sessions),
            ))
            .route(v(
                RouteId::TsSessionsEnd,
                web::delete().to(token_server::end_sessions),
            )),
    )
    .service(
        web::resource("/oauth/api/v1/events")
            .route(v(RouteId::TsEvents, web::get().to(ts_events::list))),
    )
    .service(
        web::resource("/oauth/api/v4/authenticate/user/{user_id}/enabled").route(v(
            RouteId::TsMobileAuthEnabled,
            web::get().to(mobile_auth::user_enabled),
        )),
    )
    .service(
        web::resource("/oauth/api/v4/authenticate/user/{user_id}/device/{device_id}/enabled")
            .route(v(
                RouteId::TsMobileAuthDeviceEnabled,
                web::get().to(mobile_auth::device_enabled),
            )),
    )
    .service(web::resource("/oauth/api/v4/authenticate/user").route(v(
        RouteId::TsMobileAuthStart,
        web::post().to(mobile_auth::start),
    )))
    .service(
        web::resource("/oauth/api/v4/authenticate/transaction/{transaction_id}").route(v(
            RouteId::TsMobileAuthTransaction,
            web::get().to(mobile_auth::transaction),
        )),
    )
    .service(web::resource("/api/migration/status").route(v(
        RouteId::CimMigrationStatus,
        web::post().to(migration::status),
    )));
    // `search` before `{person_id}`: the first matching resource wins. Without it, a real
    // CIM's answer: the person with the id `search` does not exist.
    if state.variants().person_search {
        cfg.service(
            web::resource("/api/persons/search")
                .route(v(RouteId::CimPersonsSearch, web::get().to(cim::search))),
        );
    }
    cfg.service(
        web::resource("/api/persons/{person_id}")
            .route(v(RouteId::CimPersonsGet, web::get().to(cim::get_person))),
    )
    .service(
        web::resource("/api/events").route(v(RouteId::CimEvents, web::get().to(cim_events::list))),
    )
    .service(web::resource("/api/config").route(v(RouteId::CimConfig, web::get().to(cim::config))))
    .service(web::resource("/api/config/identity-providers").route(v(
        RouteId::CimConfigIdentityProviders,
        web::get().to(cim::identity_providers),
    )));

    cfg.service(web::resource("/_sim/health").route(web::get().to(control::health)))
        .service(web::resource("/_sim/persons").route(web::get().to(control::persons)))
        .service(
            web::resource("/_sim/faults")
                .route(web::get().to(control::get_faults))
                .route(web::post().to(control::set_faults))
                .route(web::delete().to(control::clear_faults)),
        )
        .service(
            web::resource("/_sim/stats")
                .route(web::get().to(control::stats))
                .route(web::delete().to(control::reset_stats)),
        )
        .service(web::resource("/_sim/routes").route(web::get().to(control::routes)))
        .service(web::resource("/_sim/reset").route(web::post().to(control::reset)))
        .service(web::resource("/_sim/push").route(web::get().to(push::pending)))
        .service(web::resource("/_sim/phone").route(web::get().to(phone::phone)))
        .service(web::resource("/_sim/push/{transaction_id}").route(web::post().to(push::answer)));
}
