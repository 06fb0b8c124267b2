//! Command-line flags of the `onegini-sim` binary.

use std::net::SocketAddr;

use clap::Parser;
use onegini_sim::{
    CimEventsUserParam, EventOrder, FaultRule, MigrationNotFound, PUSH_VALIDITY_SECONDS,
    SimSettings,
};

const AFTER_HELP: &str = "\
Route ids (for --fault and GET /_sim/stats):
  ts.devices.list                 GET    /oauth/api/v4/users/{userId}/devices
  ts.devices.delete               DELETE /oauth/api/v4/users/{userId}/devices/{deviceId}
  ts.devices.delete_all           DELETE /oauth/api/v4/users/{userId}/devices
  ts.devices.bulk_delete          POST   /oauth/api/v4/users/{userId}/devices
  ts.devices.disable_push         POST   .../devices/{deviceId}/disablePushAuthentication
  ts.devices.disable_mobile_auth  POST   .../devices/{deviceId}/disableMobileAuthentication
  ts.devices.disable_fingerprint  POST   .../devices/{deviceId}/disableFingerprint
  ts.sessions.list                GET    /oauth/api/v1/users/{userId}/sessions
  ts.sessions.end                 DELETE /oauth/api/v1/users/{userId}/sessions
  ts.events                       GET    /oauth/api/v1/events
  ts.mobile_auth.enabled          GET    /oauth/api/v4/authenticate/user/{userId}/enabled
  ts.mobile_auth.device_enabled   GET    .../authenticate/user/{userId}/device/{deviceId}/enabled
  ts.mobile_auth.start            POST   /oauth/api/v4/authenticate/user  (form: type=PUSH_AUTH,
                                         user_id, device_id, message[, callback_uri])
  ts.mobile_auth.transaction      GET    /oauth/api/v4/authenticate/transaction/{transactionId}
  cim.persons.get                 GET    /api/persons/{person_id}
  cim.persons.search              GET    /api/persons/search?email=&max_results=
  cim.migration.status            POST   /api/migration/status  {\"email\":\"...\"}
  cim.events                      GET    /api/events?userId=&limit=&offset=  (or user_id=)
  cim.config                      GET    /api/config?fields=
  cim.config.identity_providers   GET    /api/config/identity-providers
  *                               every route above

Fault settings (--fault ROUTE:key=value[,key=value...]):
  latency_ms=N              added latency
  error_status=S            answer status S (400..599) instead ...
  error_rate=R              ... with probability R (0..1, default 1)
  silent_delete_failure=B   delete routes answer 204 but keep the device
  body=KIND                 malformed | oversized | trickle | wrong_content_type
  oversized_bytes=N         size of an oversized body (default 52428800)
  trickle_interval_ms=N     pause between trickled chunks (default 500)
  trickle_bytes=N           bytes per trickled chunk (default 4)

Examples:
  onegini-sim --fault ts.devices.delete:silent_delete_failure=true
  onegini-sim --fault '*:error_status=503,error_rate=0.05' --latency-ms 50

Vendor variants (each default is the simulator's original behaviour):
  onegini-sim --person-search false          only CIM's documented e-mail lookup:
                                             POST /api/migration/status
  onegini-sim --migration-status false       that lookup answers 503 with no body
  onegini-sim --fault cim.persons.search:error_status=501   the search as an unimplemented
                                             operation (405 likewise)
  onegini-sim --cim-events-user-param user_id_only --cim-events-order shuffled
  onegini-sim --cim-events-api-user events --cim-events-api-password secret
                                             one API with credentials of its own; the others
                                             keep their product's pair

Controls (no auth): GET /_sim/persons, GET|POST|DELETE /_sim/faults, GET|DELETE /_sim/stats,
GET /_sim/routes, POST /_sim/reset, GET /_sim/health; the user's phone: GET /_sim/push (pending
mobile authentication requests), POST /_sim/push/{transactionId} {\"answer\":\"approve\"}
(or deny, expire), and as a page to click in: GET /_sim/phone.

OpenID Connect provider (issuer http://HOST:PORT/oidc; authorization code with PKCE S256):
  GET  /oidc/.well-known/openid-configuration   discovery
  GET  /oidc/authorize                          login form (agent, viewer, supervisor; password demo)
  POST /oidc/token                              code + code_verifier -> ID token (RS256)
  GET  /oidc/jwks                               the signing key, generated at start";

/// A simulator of the Onegini Token Server and CIM APIs, over seeded data, with fault injection.
#[derive(Debug, Parser)]
#[command(name = "onegini-sim", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "SIM_LISTEN", default_value = "127.0.0.1:7979")]
    listen: SocketAddr,

    /// Seed of the generated data: the same seed gives the same persons and devices.
    #[arg(long, env = "SIM_SEED", default_value_t = 42)]
    seed: u64,

    /// How many persons to generate.
    #[arg(long, env = "SIM_PERSONS", default_value_t = 1000)]
    persons: usize,

    /// HTTP Basic user of the Token Server APIs.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_USER",
        default_value = "end_user_api_user"
    )]
    token_server_user: String,

    /// HTTP Basic password of the Token Server APIs.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_PASSWORD",
        default_value = "end_user_api_password",
        hide_env_values = true
    )]
    token_server_password: String,

    /// HTTP Basic user of the CIM APIs.
    #[arg(long, env = "SIM_CIM_USER", default_value = "person_api_user")]
    cim_user: String,

    /// HTTP Basic password of the CIM APIs.
    #[arg(
        long,
        env = "SIM_CIM_PASSWORD",
        default_value = "person_api_password",
        hide_env_values = true
    )]
    cim_password: String,

    /// HTTP Basic user of the CIM Person API (persons, search, migration status); default --cim-user.
    #[arg(long, env = "SIM_CIM_PERSON_API_USER", value_name = "USER")]
    cim_person_api_user: Option<String>,

    /// HTTP Basic password of the CIM Person API (persons, search, migration status); default --cim-password.
    #[arg(
        long,
        env = "SIM_CIM_PERSON_API_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    cim_person_api_password: Option<String>,

    /// HTTP Basic user of the CIM Events API; default --cim-user.
    #[arg(long, env = "SIM_CIM_EVENTS_API_USER", value_name = "USER")]
    cim_events_api_user: Option<String>,

    /// HTTP Basic password of the CIM Events API; default --cim-password.
    #[arg(
        long,
        env = "SIM_CIM_EVENTS_API_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    cim_events_api_password: Option<String>,

    /// HTTP Basic user of the CIM Configuration API; default --cim-user.
    #[arg(long, env = "SIM_CIM_CONFIG_API_USER", value_name = "USER")]
    cim_config_api_user: Option<String>,

    /// HTTP Basic password of the CIM Configuration API; default --cim-password.
    #[arg(
        long,
        env = "SIM_CIM_CONFIG_API_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    cim_config_api_password: Option<String>,

    /// HTTP Basic user of the Token Server end-user (devices) API; default --token-server-user.
    #[arg(long, env = "SIM_TOKEN_SERVER_END_USER_API_USER", value_name = "USER")]
    token_server_end_user_api_user: Option<String>,

    /// HTTP Basic password of the Token Server end-user (devices) API; default --token-server-password.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_END_USER_API_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    token_server_end_user_api_password: Option<String>,

    /// HTTP Basic user of the Token Server events API; default --token-server-user.
    #[arg(long, env = "SIM_TOKEN_SERVER_EVENTS_API_USER", value_name = "USER")]
    token_server_events_api_user: Option<String>,

    /// HTTP Basic password of the Token Server events API; default --token-server-password.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_EVENTS_API_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    token_server_events_api_password: Option<String>,

    /// HTTP Basic user of the Token Server Mobile Authentication API; it has a pair of its own
    /// and never takes --token-server-user.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_MOBILE_AUTH_API_USER",
        value_name = "USER",
        default_value = "mobile_auth_api_user"
    )]
    token_server_mobile_auth_api_user: String,

    /// HTTP Basic password of the Token Server Mobile Authentication API.
    #[arg(
        long,
        env = "SIM_TOKEN_SERVER_MOBILE_AUTH_API_PASSWORD",
        value_name = "PASSWORD",
        default_value = "mobile_auth_api_password",
        hide_env_values = true
    )]
    token_server_mobile_auth_api_password: String,

    /// How long a mobile authentication request (push) can be answered, in seconds (1-3600).
    #[arg(
        long,
        env = "SIM_PUSH_VALIDITY_SECONDS",
        value_name = "SECONDS",
        default_value_t = 120,
        value_parser = clap::value_parser!(u32).range(
            i64::from(*PUSH_VALIDITY_SECONDS.start())..=i64::from(*PUSH_VALIDITY_SECONDS.end())
        )
    )]
    push_validity_seconds: u32,

    /// Whether CIM's migration feature is on: POST /api/migration/status answers; off
    /// (false), it answers 503 with no body, as a CIM with the feature disabled does.
    #[arg(
        long,
        env = "SIM_MIGRATION_STATUS",
        value_name = "BOOL",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    migration_status: bool,

    /// What POST /api/migration/status answers (200) for an address nobody has.
    #[arg(
        long,
        env = "SIM_MIGRATION_NOT_FOUND",
        value_enum,
        default_value_t = MigrationNotFound::Absent
    )]
    migration_not_found: MigrationNotFound,

    /// Whether GET /api/persons/search exists (our assumption, not a documented CIM
    /// operation). Off (false), the path reads the person with the id `search`: 404.
    #[arg(
        long,
        env = "SIM_PERSON_SEARCH",
        value_name = "BOOL",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    person_search: bool,

    /// Which spelling of the user parameter GET /api/events accepts; a request with only the
    /// other one gets 400 (error_code 4004), as a CIM that does not know it.
    #[arg(
        long,
        env = "SIM_CIM_EVENTS_USER_PARAM",
        value_enum,
        default_value_t = CimEventsUserParam::Both
    )]
    cim_events_user_param: CimEventsUserParam,

    /// The order GET /api/events answers in (the CIM does not document one).
    #[arg(
        long,
        env = "SIM_CIM_EVENTS_ORDER",
        value_enum,
        default_value_t = EventOrder::NewestFirst
    )]
    cim_events_order: EventOrder,

    /// The order GET /oauth/api/v1/events answers in (the Token Server documents newest
    /// first).
    #[arg(
        long,
        env = "SIM_TS_EVENTS_ORDER",
        value_enum,
        default_value_t = EventOrder::NewestFirst
    )]
    ts_events_order: EventOrder,

    /// About this share (0-100) of the seeded devices get the platform `windows`; 0 keeps
    /// the seeded data as it always was.
    #[arg(
        long,
        env = "SIM_WINDOWS_DEVICES_PERCENT",
        value_name = "PERCENT",
        default_value_t = 0,
        value_parser = clap::value_parser!(u8).range(0..=100)
    )]
    windows_devices_percent: u8,

    /// Client id of the OIDC provider's registered client.
    #[arg(long, env = "SIM_OIDC_CLIENT_ID", default_value = "customer-service")]
    oidc_client_id: String,

    /// Client secret of that client (HTTP Basic or form post at /oidc/token).
    #[arg(
        long,
        env = "SIM_OIDC_CLIENT_SECRET",
        default_value = "customer-service-secret",
        hide_env_values = true
    )]
    oidc_client_secret: String,

    /// A registered redirect URI of that client, matched exactly; repeatable (in the
    /// environment, separate several with `;`). None registers any http://127.0.0.1:PORT or
    /// http://localhost:PORT URL with the path /api/v1/session/oidc/callback.
    #[arg(
        long = "oidc-redirect-uri",
        env = "SIM_OIDC_REDIRECT_URIS",
        value_name = "URL",
        value_delimiter = ';'
    )]
    oidc_redirect_uris: Vec<String>,

    /// Latency added to every vendor route, in milliseconds (a `*:latency_ms=N` rule).
    #[arg(long, env = "SIM_LATENCY_MS", default_value_t = 0)]
    latency_ms: u64,

    /// A fault rule, ROUTE:key=value[,key=value...]; repeatable (see below). In the
    /// environment, separate several rules with `;`.
    #[arg(
        long = "fault",
        env = "SIM_FAULTS",
        value_name = "ROUTE:KEY=VALUE,...",
        value_delimiter = ';',
        value_parser = parse_fault
    )]
    faults: Vec<FaultRule>,

    /// Log filter, e.g. `info`, `debug`, `onegini_sim=debug,actix_web=info`.
    #[arg(long, env = "SIM_LOG", default_value = "info")]
    pub(crate) log: String,
}

fn parse_fault(spec: &str) -> Result<FaultRule, String> {
    spec.parse()
        .map_err(|e: onegini_sim::FaultRuleError| e.to_string())
}

impl Cli {
    /// The simulator settings these flags describe.
    pub(crate) fn settings(&self) -> SimSettings {
        let mut faults = self.faults.clone();
        if self.latency_ms > 0 {
            faults.insert(
                0,
                FaultRule {
                    latency_ms: self.latency_ms,
                    ..FaultRule::for_route("*")
                },
            );
        }
        SimSettings {
            listen: self.listen,
            seed: self.seed,
            persons: self.persons,
            token_server_user: self.token_server_user.clone(),
            token_server_password: self.token_server_password.clone(),
            cim_user: self.cim_user.clone(),
            cim_password: self.cim_password.clone(),
            cim_person_api_user: self.cim_person_api_user.clone(),
            cim_person_api_password: self.cim_person_api_password.clone(),
            cim_events_api_user: self.cim_events_api_user.clone(),
            cim_events_api_password: self.cim_events_api_password.clone(),
            cim_config_api_user: self.cim_config_api_user.clone(),
            cim_config_api_password: self.cim_config_api_password.clone(),
            token_server_end_user_api_user: self.token_server_end_user_api_user.clone(),
            token_server_end_user_api_password: self.token_server_end_user_api_password.clone(),
            token_server_events_api_user: self.token_server_events_api_user.clone(),
            token_server_events_api_password: self.token_server_events_api_password.clone(),
            token_server_mobile_auth_api_user: self.token_server_mobile_auth_api_user.clone(),
            token_server_mobile_auth_api_password: self
                .token_server_mobile_auth_api_password
                .clone(),
            push_validity_seconds: self.push_validity_seconds,
            migration_status: self.migration_status,
            migration_not_found: self.migration_not_found,
            person_search: self.person_search,
            cim_events_user_param: self.cim_events_user_param,
            cim_events_order: self.cim_events_order,
            ts_events_order: self.ts_events_order,
            windows_devices_percent: self.windows_devices_percent,
            faults,
            clock_anchor_ms: None,
            oidc_client_id: self.oidc_client_id.clone(),
            oidc_client_secret: self.oidc_client_secret.clone(),
            oidc_redirect_uris: self.oidc_redirect_uris.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use onegini_sim::Api;

    use super::*;

    #[test]
    fn flags_become_settings() {
        let cli = Cli::try_parse_from([
            "onegini-sim",
            "--listen",
            "127.0.0.1:0",
            "--persons",
            "10",
            "--latency-ms",
            "20",
            "--fault",
            "ts.devices.delete:silent_delete_failure=true",
            "--fault",
            "*:error_status=503,error_rate=0.05",
        ])
        .unwrap();
        let settings = cli.settings();
        assert_eq!(settings.persons, 10);
        assert_eq!(settings.faults.len(), 3);
        assert_eq!(settings.faults[0].latency_ms, 20);
        assert!(settings.faults[1].silent_delete_failure);
        assert!(Cli::try_parse_from(["onegini-sim", "--fault", "bogus:latency_ms=1"]).is_err());
        assert_eq!(settings.oidc_client_id, "customer-service");
        assert!(settings.oidc_redirect_uris.is_empty());
    }

    #[test]
    fn oidc_flags_become_settings() {
        let cli = Cli::try_parse_from([
            "onegini-sim",
            "--oidc-client-id",
            "cs",
            "--oidc-client-secret",
            "s3cret",
            "--oidc-redirect-uri",
            "https://cs.example/api/v1/session/oidc/callback",
            "--oidc-redirect-uri",
            "http://127.0.0.1:8080/api/v1/session/oidc/callback",
        ])
        .unwrap();
        let settings = cli.settings();
        assert_eq!(settings.oidc_client_id, "cs");
        assert_eq!(settings.oidc_client_secret, "s3cret");
        assert_eq!(settings.oidc_redirect_uris.len(), 2);
    }

    #[test]
    fn credential_flags_set_one_api_each() {
        let cli = Cli::try_parse_from([
            "onegini-sim",
            "--cim-events-api-user",
            "events_api_user",
            "--cim-events-api-password",
            "events_api_password",
            "--token-server-events-api-user",
            "ts_events_user",
        ])
        .unwrap();
        let settings = cli.settings();
        assert_eq!(
            settings.api_credentials(Api::CimEvents),
            ("events_api_user", "events_api_password")
        );
        assert_eq!(
            settings.api_credentials(Api::CimPerson),
            ("person_api_user", "person_api_password")
        );
        assert_eq!(
            settings.api_credentials(Api::TokenServerEvents),
            ("ts_events_user", "end_user_api_password")
        );
    }

    #[test]
    fn mobile_authentication_flags_become_settings() {
        let defaults = Cli::try_parse_from(["onegini-sim"]).unwrap().settings();
        assert_eq!(
            defaults.api_credentials(Api::TokenServerMobileAuthentication),
            ("mobile_auth_api_user", "mobile_auth_api_password")
        );
        assert_eq!(defaults.push_validity_seconds, 120);

        let cli = Cli::try_parse_from([
            "onegini-sim",
            "--token-server-mobile-auth-api-user",
            "verify",
            "--token-server-mobile-auth-api-password",
            "s3cret",
            "--push-validity-seconds",
            "30",
        ])
        .unwrap();
        let settings = cli.settings();
        assert_eq!(
            settings.api_credentials(Api::TokenServerMobileAuthentication),
            ("verify", "s3cret")
        );
        assert_eq!(settings.push_validity_seconds, 30);
        for bad in ["0", "3601", "soon"] {
            assert!(
                Cli::try_parse_from(["onegini-sim", "--push-validity-seconds", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn vendor_variant_flags_become_settings() {
        let defaults = Cli::try_parse_from(["onegini-sim"]).unwrap().settings();
        assert!(defaults.migration_status && defaults.person_search);
        assert_eq!(defaults.migration_not_found, MigrationNotFound::Absent);
        assert_eq!(defaults.cim_events_user_param, CimEventsUserParam::Both);
        assert_eq!(
            (defaults.cim_events_order, defaults.ts_events_order),
            (EventOrder::NewestFirst, EventOrder::NewestFirst)
        );

        let cli = Cli::try_parse_from([
            "onegini-sim",
            "--migration-status",
            "false",
            "--migration-not-found",
            "null",
            "--person-search=false",
            "--cim-events-user-param",
            "user_id_only",
            "--cim-events-order",
            "shuffled",
            "--ts-events-order",
            "oldest_first",
            "--windows-devices-percent",
            "20",
        ])
        .unwrap();
        let settings = cli.settings();
        assert!(!settings.migration_status && !settings.person_search);
        assert_eq!(settings.migration_not_found, MigrationNotFound::Null);
        assert_eq!(
            settings.cim_events_user_param,
            CimEventsUserParam::UserIdOnly
        );
        assert_eq!(
            (settings.cim_events_order, settings.ts_events_order),
            (EventOrder::Shuffled, EventOrder::OldestFirst)
        );
        assert_eq!(
            (
                defaults.windows_devices_percent,
                settings.windows_devices_percent
            ),
            (0, 20)
        );
        assert!(Cli::try_parse_from(["onegini-sim", "--windows-devices-percent", "101"]).is_err());
        assert!(Cli::try_parse_from(["onegini-sim", "--migration-not-found", "none"]).is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
