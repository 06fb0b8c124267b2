//! How a simulator is started.

use std::net::{Ipv4Addr, SocketAddr};
use std::ops::RangeInclusive;

use crate::faults::FaultRule;
use crate::route_id::Api;
use crate::variants::{CimEventsUserParam, EventOrder, MigrationNotFound};

/// Everything [`crate::RunningSim::start`] needs.
#[derive(Clone, Debug)]
pub struct SimSettings {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Seed of the generated data.
    pub seed: u64,
    /// How many persons to generate.
    pub persons: usize,
    /// HTTP Basic user of the Token Server APIs.
    pub token_server_user: String,
    /// HTTP Basic password of the Token Server APIs.
    pub token_server_password: String,
    /// HTTP Basic user of the CIM APIs.
    pub cim_user: String,
    /// HTTP Basic password of the CIM APIs.
    pub cim_password: String,
    /// HTTP Basic user of the CIM Person API (persons, search, migration status); `None`
    /// means [`SimSettings::cim_user`]. The same holds for every `*_api_user` and
    /// `*_api_password` below: each API falls back to its product's pair.
    pub cim_person_api_user: Option<String>,
    /// HTTP Basic password of the CIM Person API; `None` means [`SimSettings::cim_password`].
    pub cim_person_api_password: Option<String>,
    /// HTTP Basic user of the CIM Events API; `None` means [`SimSettings::cim_user`].
    pub cim_events_api_user: Option<String>,
    /// HTTP Basic password of the CIM Events API; `None` means [`SimSettings::cim_password`].
    pub cim_events_api_password: Option<String>,
    /// HTTP Basic user of the CIM Configuration API; `None` means [`SimSettings::cim_user`].
    pub cim_config_api_user: Option<String>,
    /// HTTP Basic password of the CIM Configuration API; `None` means
    /// [`SimSettings::cim_password`].
    pub cim_config_api_password: Option<String>,
    /// HTTP Basic user of the Token Server end-user (devices) API; `None` means
    /// [`SimSettings::token_server_user`].
    pub token_server_end_user_api_user: Option<String>,
    /// HTTP Basic password of the Token Server end-user (devices) API; `None` means
    /// [`SimSettings::token_server_password`].
    pub token_server_end_user_api_password: Option<String>,
    /// HTTP Basic user of the Token Server events API; `None` means
    /// [`SimSettings::token_server_user`].
    pub token_server_events_api_user: Option<String>,
    /// HTTP Basic password of the Token Server events API; `None` means
    /// [`SimSettings::token_server_password`].
    pub token_server_events_api_password: Option<String>,
    /// HTTP Basic user of the Token Server Mobile Authentication API (ONEGINI-APIS.md §7).
    /// Unlike the other APIs it does not fall back to the product's pair: the vendor grants
    /// mobile authentication to an API client of its own, so by default the end-user API's
    /// pair is refused here. Default `mobile_auth_api_user`.
    pub token_server_mobile_auth_api_user: String,
    /// HTTP Basic password of the Token Server Mobile Authentication API. Default
    /// `mobile_auth_api_password`.
    pub token_server_mobile_auth_api_password: String,
    /// How long a mobile authentication request (a push to the user's phone) can be answered,
    /// in seconds, [`PUSH_VALIDITY_SECONDS`] (1 to 3600). Default 120.
    pub push_validity_seconds: u32,
    /// Whether CIM's migration feature is on: `POST /api/migration/status` answers; off, it
    /// answers 503 with no body, as a CIM does when the feature is disabled while the Person
    /// API is enabled (ONEGINI-APIS.md §3). Default on.
    pub migration_status: bool,
    /// What `POST /api/migration/status` answers for an address nobody has. Default
    /// [`MigrationNotFound::Absent`]: `{"status":"NOT_FOUND"}`.
    pub migration_not_found: MigrationNotFound,
    /// Whether `GET /api/persons/search` exists (it is our assumption, ONEGINI-APIS.md §3
    /// \[OURS\]). Off, the path is what a real CIM makes of it: `GET /api/persons/{person_id}`
    /// with the id `search`, so 404 "Person not found". Default on. (For a 405 or 501
    /// instead, keep it on and add the fault rule `cim.persons.search:error_status=501`.)
    pub person_search: bool,
    /// Which spelling of the user parameter `GET /api/events` accepts: `userId`, `user_id`
    /// (older CIM versions) or both (default).
    pub cim_events_user_param: CimEventsUserParam,
    /// The order `GET /api/events` answers in (undocumented by the vendor). Default newest
    /// first.
    pub cim_events_order: EventOrder,
    /// The order `GET /oauth/api/v1/events` answers in. Default newest first, as the Token
    /// Server documents.
    pub ts_events_order: EventOrder,
    /// About this share (0..=100) of the seeded devices get the platform `windows` (with a
    /// laptop model, Windows 10 or 11 and a name to match), for clients that must show a
    /// platform other than android/ios. Default 0: the seeded data is exactly as without it,
    /// and any other value changes no other field or device.
    pub windows_devices_percent: u8,
    /// Fault rules in force from the start.
    pub faults: Vec<FaultRule>,
    /// Epoch ms that seeded times are relative to; `None` means the start instant. Fix it to
    /// make timestamps reproducible too.
    pub clock_anchor_ms: Option<i64>,
    /// The client id of the OIDC provider's one registered client.
    pub oidc_client_id: String,
    /// That client's secret (HTTP Basic or form post at the token endpoint).
    pub oidc_client_secret: String,
    /// The client's registered redirect URIs, matched exactly. Empty registers any
    /// `http://127.0.0.1:PORT` or `http://localhost:PORT` URL whose path is
    /// `/api/v1/session/oidc/callback` (Customer Service on loopback).
    pub oidc_redirect_uris: Vec<String>,
}

impl Default for SimSettings {
    fn default() -> Self {
        SimSettings {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 7979)),
            seed: 42,
            persons: 1000,
            token_server_user: "end_user_api_user".to_owned(),
            token_server_password: "end_user_api_password".to_owned(),
            cim_user: "person_api_user".to_owned(),
            cim_password: "person_api_password".to_owned(),
            cim_person_api_user: None,
            cim_person_api_password: None,
            cim_events_api_user: None,
            cim_events_api_password: None,
            cim_config_api_user: None,
            cim_config_api_password: None,
            token_server_end_user_api_user: None,
            token_server_end_user_api_password: None,
            token_server_events_api_user: None,
            token_server_events_api_password: None,
            token_server_mobile_auth_api_user: "mobile_auth_api_user".to_owned(),
            token_server_mobile_auth_api_password: "mobile_auth_api_password".to_owned(),
            push_validity_seconds: 120,
            migration_status: true,
            migration_not_found: MigrationNotFound::Absent,
            person_search: true,
            cim_events_user_param: CimEventsUserParam::Both,
            cim_events_order: EventOrder::NewestFirst,
            ts_events_order: EventOrder::NewestFirst,
            windows_devices_percent: 0,
            faults: Vec::new(),
            clock_anchor_ms: None,
            oidc_client_id: "customer-service".to_owned(),
            oidc_client_secret: "customer-service-secret".to_owned(),
            oidc_redirect_uris: Vec::new(),
        }
    }
}

impl SimSettings {
    /// The HTTP Basic user and password that `api` accepts: its own pair where set, else its
    /// product's (`cim_user`/`cim_password` or `token_server_user`/`token_server_password`).
    /// The Mobile Authentication API always has its own.
    pub fn api_credentials(&self, api: Api) -> (&str, &str) {
        let (user, password, product_user, product_password) = match api {
            Api::TokenServerMobileAuthentication => {
                return (
                    &self.token_server_mobile_auth_api_user,
                    &self.token_server_mobile_auth_api_password,
                );
            }
            Api::CimPerson => (
                &self.cim_person_api_user,
                &self.cim_person_api_password,
                &self.cim_user,
                &self.cim_password,
            ),
            Api::CimEvents => (
                &self.cim_events_api_user,
                &self.cim_events_api_password,
                &self.cim_user,
                &self.cim_password,
            ),
            Api::CimConfiguration => (
                &self.cim_config_api_user,
                &self.cim_config_api_password,
                &self.cim_user,
                &self.cim_password,
            ),
            Api::TokenServerEndUser => (
                &self.token_server_end_user_api_user,
                &self.token_server_end_user_api_password,
                &self.token_server_user,
                &self.token_server_password,
            ),
            Api::TokenServerEvents => (
                &self.token_server_events_api_user,
                &self.token_server_events_api_password,
                &self.token_server_user,
                &self.token_server_password,
            ),
        };
        (
            user.as_deref().unwrap_or(product_user),
            password.as_deref().unwrap_or(product_password),
        )
    }

    /// Refuses values out of range (the binary's flags already do); `RunningSim::start`
    /// calls it.
    pub fn validate(&self) -> Result<(), String> {
        if !PUSH_VALIDITY_SECONDS.contains(&self.push_validity_seconds) {
            return Err(format!(
                "push_validity_seconds must be between {} and {}, not {}",
                PUSH_VALIDITY_SECONDS.start(),
                PUSH_VALIDITY_SECONDS.end(),
                self.push_validity_seconds
            ));
        }
        Ok(())
    }
}

/// The accepted values of [`SimSettings::push_validity_seconds`].
pub const PUSH_VALIDITY_SECONDS: RangeInclusive<u32> = 1..=3600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_api_falls_back_to_its_products_credentials() {
        let mut settings = SimSettings {
            cim_events_api_user: Some("events".to_owned()),
            ..SimSettings::default()
        };
        assert_eq!(
            settings.api_credentials(Api::CimEvents),
            ("events", "person_api_password")
        );
        assert_eq!(
            settings.api_credentials(Api::CimPerson),
            ("person_api_user", "person_api_password")
        );
        settings.token_server_events_api_password = Some("secret".to_owned());
        assert_eq!(
            settings.api_credentials(Api::TokenServerEvents),
            ("end_user_api_user", "secret")
        );
        assert_eq!(
            settings.api_credentials(Api::TokenServerEndUser),
            ("end_user_api_user", "end_user_api_password")
        );
    }

    #[test]
    fn the_mobile_authentication_api_has_a_pair_of_its_own() {
        let mut settings = SimSettings::default();
        assert_eq!(
            settings.api_credentials(Api::TokenServerMobileAuthentication),
            ("mobile_auth_api_user", "mobile_auth_api_password")
        );
        settings.token_server_user = "other".to_owned();
        settings.token_server_mobile_auth_api_password = "secret".to_owned();
        assert_eq!(
            settings.api_credentials(Api::TokenServerMobileAuthentication),
            ("mobile_auth_api_user", "secret")
        );
    }

    #[test]
    fn push_validity_must_be_between_one_second_and_an_hour() {
        let with = |push_validity_seconds| SimSettings {
            push_validity_seconds,
            ..SimSettings::default()
        };
        assert_eq!(SimSettings::default().push_validity_seconds, 120);
        for ok in [1, 120, 3600] {
            assert!(with(ok).validate().is_ok(), "{ok}");
        }
        for bad in [0, 3601] {
            assert!(with(bad).validate().is_err(), "{bad}");
        }
    }
}
