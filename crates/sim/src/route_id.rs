//! The stable identifiers of the simulated vendor routes.
//!
//! Fault rules and request statistics name routes by these ids, so they are part of the
//! simulator's contract with tests and benchmarks: never rename one.

use std::fmt;

/// Which upstream product a route belongs to; it decides credentials and error shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Token Server end-user API (devices) and Mobile Authentication API: errors are
    /// `{"code","message","details"}`.
    TokenServerDevices,
    /// Token Server events API: a 401 comes OAuth-style (`{"error","error_description"}`).
    TokenServerEvents,
    /// CIM APIs: errors are `{"error_code","error_message"}`.
    Cim,
}

/// Which vendor API a route belongs to. The vendor configures each API with its own base URI
/// and credentials (ONEGINI-APIS.md §8), so each has its own HTTP Basic pair here too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Api {
    /// CIM Person API (`/api/persons`, and `/api/migration/status`, which takes its credentials).
    CimPerson,
    /// CIM Events API (`/api/events`).
    CimEvents,
    /// CIM Configuration API (`/api/config`).
    CimConfiguration,
    /// Token Server end-user API: devices (`/oauth/api/v4/users`).
    TokenServerEndUser,
    /// Token Server events API (`/oauth/api/v1/events`).
    TokenServerEvents,
    /// Token Server Mobile Authentication API v4 (`/oauth/api/v4/authenticate`, ONEGINI-APIS.md
    /// §7). It never takes the product's pair: the vendor grants mobile authentication to an
    /// API client of its own.
    TokenServerMobileAuthentication,
}

impl Api {
    /// Every API, in the order of [`Api::index`].
    pub const ALL: [Api; 6] = [
        Api::CimPerson,
        Api::CimEvents,
        Api::CimConfiguration,
        Api::TokenServerEndUser,
        Api::TokenServerEvents,
        Api::TokenServerMobileAuthentication,
    ];

    /// A stable name, e.g. `cim.person`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Api::CimPerson => "cim.person",
            Api::CimEvents => "cim.events",
            Api::CimConfiguration => "cim.config",
            Api::TokenServerEndUser => "ts.end_user",
            Api::TokenServerEvents => "ts.events",
            Api::TokenServerMobileAuthentication => "ts.mobile_auth",
        }
    }

    /// Whether the API is one of the Token Server's (whose clients form-urlencode their
    /// credentials, ONEGINI-APIS.md §1) rather than CIM's.
    pub const fn is_token_server(self) -> bool {
        match self {
            Api::CimPerson | Api::CimEvents | Api::CimConfiguration => false,
            Api::TokenServerEndUser
            | Api::TokenServerEvents
            | Api::TokenServerMobileAuthentication => true,
        }
    }

    /// Position in [`Api::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// One simulated vendor route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteId {
    /// `GET /oauth/api/v4/users/{userId}/devices`
    TsDevicesList,
    /// `DELETE /oauth/api/v4/users/{userId}/devices/{deviceId}`
    TsDevicesDelete,
    /// `DELETE /oauth/api/v4/users/{userId}/devices`
    TsDevicesDeleteAll,
    /// `POST /oauth/api/v4/users/{userId}/devices` with `{"delete":[...]}`
    TsDevicesBulkDelete,
    /// `POST /oauth/api/v4/users/{userId}/devices/{deviceId}/disablePushAuthentication`
    TsDevicesDisablePush,
    /// `POST /oauth/api/v4/users/{userId}/devices/{deviceId}/disableMobileAuthentication`
    TsDevicesDisableMobileAuth,
    /// `POST /oauth/api/v4/users/{userId}/devices/{deviceId}/disableFingerprint`
    TsDevicesDisableFingerprint,
    /// `GET /oauth/api/v1/users/{userId}/sessions`
    TsSessionsList,
    /// `DELETE /oauth/api/v1/users/{userId}/sessions`
    TsSessionsEnd,
    /// `GET /oauth/api/v1/events`
    TsEvents,
    /// `GET /oauth/api/v4/authenticate/user/{user_id}/enabled`
    TsMobileAuthEnabled,
    /// `GET /oauth/api/v4/authenticate/user/{user_id}/device/{device_id}/enabled`
    TsMobileAuthDeviceEnabled,
    /// `POST /oauth/api/v4/authenticate/user` (form: `type`, `user_id`, `device_id`, `message`)
    TsMobileAuthStart,
    /// `GET /oauth/api/v4/authenticate/transaction/{transaction_id}`
    TsMobileAuthTransaction,
    /// `GET /api/persons/{person_id}`
    CimPersonsGet,
    /// `GET /api/persons/search`
    CimPersonsSearch,
    /// `POST /api/migration/status`
    CimMigrationStatus,
    /// `GET /api/events`
    CimEvents,
    /// `GET /api/config`
    CimConfig,
    /// `GET /api/config/identity-providers`
    CimConfigIdentityProviders,
}

impl RouteId {
    /// Every route, in the order of [`RouteId::index`].
    pub const ALL: [RouteId; 20] = [
        RouteId::TsDevicesList,
        RouteId::TsDevicesDelete,
        RouteId::TsDevicesDeleteAll,
        RouteId::TsDevicesBulkDelete,
        RouteId::TsDevicesDisablePush,
        RouteId::TsDevicesDisableMobileAuth,
        RouteId::TsDevicesDisableFingerprint,
        RouteId::TsSessionsList,
        RouteId::TsSessionsEnd,
        RouteId::TsEvents,
        RouteId::TsMobileAuthEnabled,
        RouteId::TsMobileAuthDeviceEnabled,
        RouteId::TsMobileAuthStart,
        RouteId::TsMobileAuthTransaction,
        RouteId::CimPersonsGet,
        RouteId::CimPersonsSearch,
        RouteId::CimMigrationStatus,
        RouteId::CimEvents,
        RouteId::CimConfig,
        RouteId::CimConfigIdentityProviders,
    ];

    /// The stable id, e.g. `ts.devices.list`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RouteId::TsDevicesList => "ts.devices.list",
            RouteId::TsDevicesDelete => "ts.devices.delete",
            RouteId::TsDevicesDeleteAll => "ts.devices.delete_all",
            RouteId::TsDevicesBulkDelete => "ts.devices.bulk_delete",
            RouteId::TsDevicesDisablePush => "ts.devices.disable_push",
            RouteId::TsDevicesDisableMobileAuth => "ts.devices.disable_mobile_auth",
            RouteId::TsDevicesDisableFingerprint => "ts.devices.disable_fingerprint",
            RouteId::TsSessionsList => "ts.sessions.list",
            RouteId::TsSessionsEnd => "ts.sessions.end",
            RouteId::TsEvents => "ts.events",
            RouteId::TsMobileAuthEnabled => "ts.mobile_auth.enabled",
            RouteId::TsMobileAuthDeviceEnabled => "ts.mobile_auth.device_enabled",
            RouteId::TsMobileAuthStart => "ts.mobile_auth.start",
            RouteId::TsMobileAuthTransaction => "ts.mobile_auth.transaction",
            RouteId::CimPersonsGet => "cim.persons.get",
            RouteId::CimPersonsSearch => "cim.persons.search",
            RouteId::CimMigrationStatus => "cim.migration.status",
            RouteId::CimEvents => "cim.events",
            RouteId::CimConfig => "cim.config",
            RouteId::CimConfigIdentityProviders => "cim.config.identity_providers",
        }
    }

    /// The HTTP method and path template, for documentation and `GET /_sim/routes`.
    pub const fn method_and_path(self) -> (&'static str, &'static str) {
        match self {
            RouteId::TsDevicesList => ("GET", "/oauth/api/v4/users/{userId}/devices"),
            RouteId::TsDevicesDelete => {
                ("DELETE", "/oauth/api/v4/users/{userId}/devices/{deviceId}")
            }
            RouteId::TsDevicesDeleteAll => ("DELETE", "/oauth/api/v4/users/{userId}/devices"),
            RouteId::TsDevicesBulkDelete => ("POST", "/oauth/api/v4/users/{userId}/devices"),
            RouteId::TsDevicesDisablePush => (
                "POST",
                "/oauth/api/v4/users/{userId}/devices/{deviceId}/disablePushAuthentication",
            ),
            RouteId::TsDevicesDisableMobileAuth => (
                "POST",
                "/oauth/api/v4/users/{userId}/devices/{deviceId}/disableMobileAuthentication",
            ),
            RouteId::TsDevicesDisableFingerprint => (
                "POST",
                "/oauth/api/v4/users/{userId}/devices/{deviceId}/disableFingerprint",
            ),
            RouteId::TsSessionsList => ("GET", "/oauth/api/v1/users/{userId}/sessions"),
            RouteId::TsSessionsEnd => ("DELETE", "/oauth/api/v1/users/{userId}/sessions"),
            RouteId::TsEvents => ("GET", "/oauth/api/v1/events"),
            RouteId::TsMobileAuthEnabled => {
                ("GET", "/oauth/api/v4/authenticate/user/{userId}/enabled")
            }
            RouteId::TsMobileAuthDeviceEnabled => (
                "GET",
                "/oauth/api/v4/authenticate/user/{userId}/device/{deviceId}/enabled",
            ),
            RouteId::TsMobileAuthStart => ("POST", "/oauth/api/v4/authenticate/user"),
            RouteId::TsMobileAuthTransaction => (
                "GET",
                "/oauth/api/v4/authenticate/transaction/{transactionId}",
            ),
            RouteId::CimPersonsGet => ("GET", "/api/persons/{person_id}"),
            RouteId::CimPersonsSearch => ("GET", "/api/persons/search"),
            RouteId::CimMigrationStatus => ("POST", "/api/migration/status"),
            RouteId::CimEvents => ("GET", "/api/events"),
            RouteId::CimConfig => ("GET", "/api/config"),
            RouteId::CimConfigIdentityProviders => ("GET", "/api/config/identity-providers"),
        }
    }

    /// Position in [`RouteId::ALL`]; used to index counters without hashing.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The upstream product this route simulates.
    pub const fn family(self) -> Family {
        match self {
            RouteId::TsEvents => Family::TokenServerEvents,
            RouteId::CimPersonsGet
            | RouteId::CimPersonsSearch
            | RouteId::CimMigrationStatus
            | RouteId::CimEvents
            | RouteId::CimConfig
            | RouteId::CimConfigIdentityProviders => Family::Cim,
            _ => Family::TokenServerDevices,
        }
    }

    /// The API this route belongs to; it decides which credentials the route accepts.
    pub const fn api(self) -> Api {
        match self {
            RouteId::TsEvents => Api::TokenServerEvents,
            RouteId::CimPersonsGet | RouteId::CimPersonsSearch | RouteId::CimMigrationStatus => {
                Api::CimPerson
            }
            RouteId::CimEvents => Api::CimEvents,
            RouteId::CimConfig | RouteId::CimConfigIdentityProviders => Api::CimConfiguration,
            RouteId::TsMobileAuthEnabled
            | RouteId::TsMobileAuthDeviceEnabled
            | RouteId::TsMobileAuthStart
            | RouteId::TsMobileAuthTransaction => Api::TokenServerMobileAuthentication,
            _ => Api::TokenServerEndUser,
        }
    }

    /// Whether the route deregisters devices (the routes `silent_delete_failure` applies to).
    pub const fn deletes_devices(self) -> bool {
        matches!(
            self,
            RouteId::TsDevicesDelete | RouteId::TsDevicesDeleteAll | RouteId::TsDevicesBulkDelete
        )
    }

    /// Looks a route up by its stable id.
    pub fn parse(id: &str) -> Option<RouteId> {
        RouteId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// All ids joined with `, `, for error messages and `--help`.
    pub fn all_ids() -> String {
        RouteId::ALL.map(RouteId::as_str).join(", ")
    }
}

impl fmt::Display for RouteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_the_order_of_all() {
        for (i, route) in RouteId::ALL.into_iter().enumerate() {
            assert_eq!(route.index(), i, "{route}");
            assert_eq!(RouteId::parse(route.as_str()), Some(route));
        }
        for (i, api) in Api::ALL.into_iter().enumerate() {
            assert_eq!(api.index(), i, "{}", api.as_str());
        }
    }

    #[test]
    fn every_api_has_a_route_of_its_product() {
        for api in Api::ALL {
            let routes: Vec<RouteId> = RouteId::ALL
                .into_iter()
                .filter(|r| r.api() == api)
                .collect();
            assert!(!routes.is_empty(), "{}", api.as_str());
            let cim = !api.is_token_server();
            assert!(routes.iter().all(|r| (r.family() == Family::Cim) == cim));
        }
    }
}
