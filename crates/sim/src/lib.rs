//! `onegini-sim`: a simulator of the Onegini Token Server and CIM APIs (ONEGINI-APIS.md §1–§5)
//! over seeded in-memory data, with fault injection. It is the embedded default upstream of
//! Customer Service's demo, its end-to-end tests and its benchmarks.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use onegini_sim::{RunningSim, SimSettings};
//! let sim = RunningSim::start(SimSettings {
//!     listen: "127.0.0.1:0".parse().map_err(std::io::Error::other)?,
//!     ..SimSettings::default()
//! })
//! .await?;
//! let person = &sim.sample_persons(1)[0];
//! println!("{}/api/v4/users/{}/devices", sim.token_server_url(), person.id);
//! sim.stop().await;
//! # Ok(()) }
//! ```
//!
//! # Vendor routes and their ids
//!
//! Every route takes HTTP Basic credentials of its [`Api`]: by default the product's pair
//! (Token Server routes under `/oauth` the Token Server pair, CIM routes the CIM pair), but
//! each API can be given its own, as the vendor configures them (ONEGINI-APIS.md §8; see
//! [`SimSettings::api_credentials`]). The Mobile Authentication API always has its own
//! (default `mobile_auth_api_user` / `mobile_auth_api_password`). Fault rules and request counters name routes by id:
//!
//! | id | method and path | [`Api`] |
//! |---|---|---|
//! | `ts.devices.list` | `GET /oauth/api/v4/users/{userId}/devices` | `ts.end_user` |
//! | `ts.devices.delete` | `DELETE /oauth/api/v4/users/{userId}/devices/{deviceId}` | `ts.end_user` |
//! | `ts.devices.delete_all` | `DELETE /oauth/api/v4/users/{userId}/devices` | `ts.end_user` |
//! | `ts.devices.bulk_delete` | `POST /oauth/api/v4/users/{userId}/devices` | `ts.end_user` |
//! | `ts.devices.disable_push` | `POST .../devices/{deviceId}/disablePushAuthentication` | `ts.end_user` |
//! | `ts.devices.disable_mobile_auth` | `POST .../devices/{deviceId}/disableMobileAuthentication` | `ts.end_user` |
//! | `ts.devices.disable_fingerprint` | `POST .../devices/{deviceId}/disableFingerprint` | `ts.end_user` |
//! | `ts.sessions.list` | `GET /oauth/api/v1/users/{userId}/sessions` | `ts.end_user` |
//! | `ts.sessions.end` | `DELETE /oauth/api/v1/users/{userId}/sessions` | `ts.end_user` |
//! | `ts.events` | `GET /oauth/api/v1/events` | `ts.events` |
//! | `ts.mobile_auth.enabled` | `GET /oauth/api/v4/authenticate/user/{userId}/enabled` | `ts.mobile_auth` |
//! | `ts.mobile_auth.device_enabled` | `GET .../authenticate/user/{userId}/device/{deviceId}/enabled` | `ts.mobile_auth` |
//! | `ts.mobile_auth.start` | `POST /oauth/api/v4/authenticate/user` (form) | `ts.mobile_auth` |
//! | `ts.mobile_auth.transaction` | `GET /oauth/api/v4/authenticate/transaction/{transactionId}` | `ts.mobile_auth` |
//! | `cim.persons.get` | `GET /api/persons/{person_id}` | `cim.person` |
//! | `cim.persons.search` | `GET /api/persons/search?email=&max_results=` | `cim.person` |
//! | `cim.migration.status` | `POST /api/migration/status` `{"email"}` | `cim.person` |
//! | `cim.events` | `GET /api/events?userId=&actor=&limit=&offset=` | `cim.events` |
//! | `cim.config` | `GET /api/config?fields=` | `cim.config` |
//! | `cim.config.identity_providers` | `GET /api/config/identity-providers` | `cim.config` |
//!
//! Every error body is JSON in the product's shape: Token Server `{"code","message","details"}`
//! (a 401 on the events API is OAuth-style `{"error":"invalid_client","error_description"}`),
//! CIM `{"error_code","error_message"}`, and `{"error","message"}` elsewhere.
//!
//! Changes made through the end-user API leave Token Server events attributed to the API
//! client (`event_agent_user`), only when something changed: `API_DEVICE_REMOVED`,
//! `ADMIN_PUSH_ENROLLMENT_REVOKED` (disablePushAuthentication), and three types the vendor
//! does not document \[OURS\]: `ADMIN_MOBILE_AUTHENTICATION_REVOKED`
//! (disableMobileAuthentication), `API_FINGERPRINT_TOKEN_REVOKED` (disableFingerprint),
//! `API_SESSIONS_REMOVED` (ending all sessions; `app_name` and `client_id` null).
//!
//! # Mobile authentication (push) and the user's phone
//!
//! The Mobile Authentication API v4 (ONEGINI-APIS.md §7; paths \[DOC\], answers of starting
//! and polling \[INFERRED\]) sends a push to a device enrolled for push; the user answers it
//! on their phone, which the simulator plays under `/_sim/push`.
//!
//! | request | answer |
//! |---|---|
//! | `GET .../user/{userId}/enabled` | `{"enabled":[{"type":"PUSH_AUTH","method":"PUSH","sms_fallback_allowed":false,"apps_enrolled_for_push":[{"app_id","app_name","device_id","device_name","platform"}]}]}` over the devices with push; `{"enabled":[]}` when none has it; 404 `not_found` for an unknown user |
//! | `GET .../user/{userId}/device/{deviceId}/enabled` | the same for that device; 404 for an unknown user or device |
//! | `POST .../authenticate/user` form `type=PUSH_AUTH`, `user_id`, `device_id`, `message` (at most 1000 characters), optional `callback_uri` | 200 `{"transaction_id":"<uuid>","expires_in":<seconds>}` and `PUSH_AUTH_INITIALIZED` recorded; 400 `invalid_request`; 404 `not_found`; 400 `mobile_authentication_not_enabled` for a device without push |
//! | `GET .../transaction/{transactionId}` | `{"transaction_id","status","expires_in"}`: `PENDING` (seconds left, rounded up), `CONFIRMED`, `REJECTED` or `EXPIRED` (0); 404 unknown |
//!
//! A push can be answered for [`SimSettings::push_validity_seconds`] (default 120); after
//! that it reads `EXPIRED`. [`SimState::advance_clock`] moves time on without sleeping.
//!
//! # Vendor variants
//!
//! Where the vendor's products differ between versions, or its documentation leaves a choice,
//! a [`SimSettings`] field (and a flag of the binary) picks the answer, so that a client can be
//! tested against each; every default is the simulator's original behaviour.
//!
//! `POST /api/migration/status` (ONEGINI-APIS.md §3 \[DOC\]; `status` values are ours):
//!
//! | case | answer |
//! |---|---|
//! | a person has the address (case-insensitive; the first in seed order if several) | 200 `{"status":"EXISTS_IN_IDP","person_id":"<id>"}` |
//! | nobody has it | 200 `{"status":"NOT_FOUND"}`, or with `"person_id":null` / `""` ([`SimSettings::migration_not_found`]) |
//! | no `email` (or empty, or not a string) | 400 `{"error_code":4001,"error_message":"email is required"}` |
//! | a body that is not JSON | 400 `{"error_code":4000,"error_message":"Request body is not valid JSON"}` |
//! | no or wrong Person API credentials | 401 `{"error_code":4010,"error_message":"Unauthorized"}` |
//! | [`SimSettings::migration_status`] off | 503, no body |
//!
//! [`SimSettings::person_search`] off takes `GET /api/persons/search` away: the path then reads
//! the person with the id `search` (route `cim.persons.get`): 404 `{"error_code":4041,...}`.
//! A fault rule `cim.persons.search:error_status=501` (or 405) makes it an unimplemented
//! operation instead.
//!
//! [`SimSettings::cim_events_user_param`] picks which spelling of the user parameter
//! `GET /api/events` takes, `userId`, `user_id` or both (default); with only the other one the
//! answer is 400 `{"error_code":4004,"error_message":"Both user ID and actor ID are missing"}`.
//!
//! [`SimSettings::cim_events_order`] and [`SimSettings::ts_events_order`] pick the order of
//! each events API: newest first (default), oldest first, or shuffled (deterministic from the
//! seed, and the same on every page).
//!
//! [`SimSettings::windows_devices_percent`] gives a share of the seeded devices the platform
//! `windows`; at its default, 0, the seeded data is unchanged.
//!
//! # Controls under `/_sim/` (no auth; for loopback use)
//!
//! | request | answer |
//! |---|---|
//! | `GET /_sim/health` | `{"status":"ok"}` |
//! | `GET /_sim/persons?limit=20&with_devices=false` | `[{"id","displayName","emails","devices"}]` (camelCase) |
//! | `GET /_sim/faults` | `{"rules":[FaultRule...]}` |
//! | `POST /_sim/faults` `{"rules":[...]}` | replaces the rules; `{"rules":[...]}`, or 400 `{"error":"invalid_fault_rules","message"}` |
//! | `DELETE /_sim/faults` | clears them; `{"rules":[]}` |
//! | `GET /_sim/stats` | `{"requests":{"ts.devices.list":12,...}}`, every route id present |
//! | `DELETE /_sim/stats` | resets the counters; the zeroed counters |
//! | `GET /_sim/routes` | `[{"id","method","path"}]` |
//! | `POST /_sim/reset` | devices back as seeded, recorded events and pushes dropped; `{"status":"reset"}` |
//! | `GET /_sim/phone` | an HTML page, "Phone": the pending pushes, each with Approve and Deny buttons (form posts to `/_sim/push/{id}`); it refreshes itself every second |
//! | `GET /_sim/push` | the pending pushes, newest first: `[{"transaction_id","user_id","device_id","device_name","application","message","status","expires_in"}]` |
//! | `POST /_sim/push/{transactionId}` `{"answer":"approve"\|"deny"\|"expire"}` | approve → `CONFIRMED` (records `MOBILE_AUTH_AUTHENTICATED`), deny → `REJECTED` (`MOBILE_AUTH_NOT_AUTHENTICATED`), expire → `EXPIRED`; 200 with the push as listed; as a form (`answer=approve`) 303 to `/_sim/phone`; 404 unknown, 409 not pending, 400 another answer |
//!
//! Counters count every vendor request, including ones answered 401 or by a fault. A
//! [`FaultRule`] is applied in this order: count, `latency_ms`, `error_status` (before the
//! credentials are checked, like a failing gateway), HTTP Basic, the handler (where
//! `silent_delete_failure` skips the deletion), then the `body` fault.
//!
//! # OpenID Connect provider under `/oidc/`
//!
//! Issuer `{base_url}/oidc`, for the seeded agents `agent`, `viewer` and `supervisor` (password
//! `demo`): discovery, `authorize` with a login form, `token` (authorization code with PKCE
//! S256), and `jwks` (an RS256 key generated at start). One client is registered:
//! [`SimSettings::oidc_client_id`]. See [`RunningSim::oidc_issuer_url`].

mod auth;
mod device_ops;
mod errors;
mod event_log;
mod fault_bodies;
mod faults;
mod gate;
mod html;
mod mobile_auth;
mod model;
mod oidc;
mod route_id;
mod routes;
mod running;
mod seed;
mod settings;
mod stats;
mod store;
mod ts_event_types;
mod variants;

pub use faults::{
    BodyFault, DEFAULT_OVERSIZED_BYTES, DEFAULT_TRICKLE_BYTES, DEFAULT_TRICKLE_INTERVAL_MS,
    FaultRule, FaultRuleError, MAX_DELAY_MS, validate_all,
};
pub use model::{
    CimEvent, Device, EmailAddress, Person, PersonName, PersonSummary, PhoneNumber, TsEvent,
};
pub use route_id::{Api, Family, RouteId};
pub use running::RunningSim;
pub use seed::devices::{HOSTILE_DEVICE_NAME, LONG_DEVICE_NAME_CHARS};
pub use settings::{PUSH_VALIDITY_SECONDS, SimSettings};
pub use store::SimState;
pub use variants::{CimEventsUserParam, EventOrder, MigrationNotFound};
