//! A CIM and a Token Server that implement only what the vendor documents (ONEGINI-APIS.md), and
//! answer with the documented payloads in `tests/vendor/`, quirks included: `ANDROID`, missing
//! optional fields, fields added later, 404 `No devices found`, 204 deletes that keep the device,
//! the Configuration API's 500 "Api disabled" without a body, OAuth-style 401s. Each API demands
//! its own credentials, as the vendor configures them. Anything else is a 404, and remembered.
//!
//! Shared by the conformance suite and the start test of `crates/server` (through `#[path]`), so
//! it uses nothing but wiremock, serde_json and url.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use wiremock::matchers::basic_auth;
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The person with two devices and events in both products.
pub const PERSON_ID: &str = "8a742ac4-fabd-4580-924c-0281777e3d39";
/// Their e-mail address.
pub const EMAIL: &str = "joe.doe@example.com";
/// A person with only the fields CIM must send, and no devices.
pub const MINIMAL_PERSON_ID: &str = "0e7b2c35-5d4e-4b63-9f1a-2c3d4e5f6a7b";
/// Their e-mail address.
pub const MINIMAL_EMAIL: &str = "ann.smith@example.com";
/// Joe's iPhone: deleting it removes it.
pub const IPHONE: &str = "5b0d7a0d3f2c4e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";
/// Joe's old `ANDROID` phone: the Token Server answers its deletion 204 and keeps it.
pub const KEPT_PHONE: &str = "3f2e1d0c-b9a8-4765-8432-10fedcba9876";

/// The documented payloads, as files beside the tests.
pub mod payload {
    pub const PERSON: &str = include_str!("../../vendor/cim/person.json");
    pub const MINIMAL_PERSON: &str = include_str!("../../vendor/cim/person-minimal.json");
    pub const MIGRATION_STATUS: &str = include_str!("../../vendor/cim/migration-status.json");
    pub const MIGRATION_STATUS_MINIMAL: &str =
        include_str!("../../vendor/cim/migration-status-minimal.json");
    pub const MIGRATION_STATUS_NONE: &str =
        include_str!("../../vendor/cim/migration-status-none.json");
    pub const CIM_EVENTS: &str = include_str!("../../vendor/cim/events.json");
    pub const CIM_MISSING_USER: &str = include_str!("../../vendor/cim/error-4004.json");
    pub const DEVICES: &str = include_str!("../../vendor/token-server/devices.json");
    pub const NO_DEVICES: &str = include_str!("../../vendor/token-server/no-devices.json");
    pub const TS_EVENTS: &str = include_str!("../../vendor/token-server/events.json");
    pub const INVALID_CLIENT: &str = include_str!("../../vendor/token-server/invalid-client.json");
}

/// How this CIM turns an e-mail address into a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The documented `POST /api/migration/status`; no search operation.
    MigrationStatus,
    /// The documented lookup with its feature switched off: 503 without a body; no search.
    MigrationOff,
    /// Our `GET /api/persons/search` (a deployment's extension); no migration endpoint.
    PersonSearch,
}

/// One API's credential pair.
#[derive(Clone, Copy, Debug)]
pub struct Credentials {
    pub username: &'static str,
    pub password: &'static str,
}

/// Every API with a pair of its own. The Token Server's secrets hold `:`, `%` and `+`, which
/// only work when sent form-urlencoded, as the Token Server reads them.
#[derive(Clone, Copy, Debug)]
pub struct ApiCredentials {
    pub persons: Credentials,
    pub cim_events: Credentials,
    pub configuration: Credentials,
    pub end_user: Credentials,
    pub ts_events: Credentials,
}

impl Default for ApiCredentials {
    fn default() -> Self {
        ApiCredentials {
            persons: Credentials {
                username: "person_api_user",
                password: "persons-Secret-1",
            },
            cim_events: Credentials {
                username: "events_api_user",
                password: "events-Secret-2",
            },
            configuration: Credentials {
                username: "config_api_user",
                password: "config-Secret-3",
            },
            end_user: Credentials {
                username: "end_user_api_user",
                password: "eu:se%cr+et 4",
            },
            ts_events: Credentials {
                username: "events_api_client",
                password: "ev:se%cr+et 5",
            },
        }
    }
}

/// The two products, running on their own ports.
pub struct Vendor {
    pub cim: MockServer,
    pub token_server: MockServer,
    pub credentials: ApiCredentials,
    /// What they saw; it stays readable when the servers are moved elsewhere.
    pub log: VendorLog,
}

/// What the vendor saw.
#[derive(Clone, Default)]
pub struct VendorLog(Arc<State>);

impl VendorLog {
    /// The calls no documented operation of the product answers, e.g. `GET /api/persons/search`
    /// on a CIM with only the documented lookup.
    pub fn unanswered(&self) -> Vec<String> {
        self.0
            .unanswered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[derive(Default)]
struct State {
    removed: Mutex<HashSet<String>>,
    unanswered: Mutex<Vec<String>>,
}

impl State {
    fn unanswered(&self, request: &Request) -> ResponseTemplate {
        let call = format!("{} {}", request.method, request.url.path());
        self.unanswered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call);
        ResponseTemplate::new(404)
    }
}

impl Vendor {
    /// Both products with the default credentials.
    pub async fn start(lookup: Lookup) -> Vendor {
        Vendor::start_with(lookup, ApiCredentials::default()).await
    }

    /// Both products, each API demanding `credentials`.
    pub async fn start_with(lookup: Lookup, credentials: ApiCredentials) -> Vendor {
        let log = VendorLog::default();
        let cim = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Cim {
                lookup,
                credentials,
                state: log.0.clone(),
            })
            .mount(&cim)
            .await;
        let token_server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(TokenServer {
                credentials,
                state: log.0.clone(),
            })
            .mount(&token_server)
            .await;
        Vendor {
            cim,
            token_server,
            credentials,
            log,
        }
    }
}

fn json_body(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn number(request: &Request, name: &str, default: usize) -> usize {
    query(request, name)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Whether the request carries this pair as HTTP Basic, each part as given.
fn carries(request: &Request, username: &str, password: &str) -> bool {
    basic_auth(username, password).matches(request)
}

fn form_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `list[from..from + size]`, empty past the end.
fn slice(list: &[Value], from: usize, size: usize) -> Vec<Value> {
    list.iter().skip(from).take(size).cloned().collect()
}

struct Cim {
    lookup: Lookup,
    credentials: ApiCredentials,
    state: Arc<State>,
}

impl Cim {
    fn migration_status(&self, request: &Request) -> ResponseTemplate {
        match self.lookup {
            Lookup::PersonSearch => return self.state.unanswered(request),
            Lookup::MigrationOff => return ResponseTemplate::new(503),
            Lookup::MigrationStatus => {}
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        match body["email"]
            .as_str()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("") => ResponseTemplate::new(400),
            Some(EMAIL) => json_body(200, payload::MIGRATION_STATUS),
            Some(MINIMAL_EMAIL) => json_body(200, payload::MIGRATION_STATUS_MINIMAL),
            Some(_) => json_body(200, payload::MIGRATION_STATUS_NONE),
        }
    }

    fn search(&self, request: &Request) -> ResponseTemplate {
        let email = query(request, "email")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let found: Vec<Value> = match email.as_str() {
            EMAIL => vec![parse(payload::PERSON)],
            MINIMAL_EMAIL => vec![parse(payload::MINIMAL_PERSON)],
            _ => vec![],
        };
        let found = slice(&found, 0, number(request, "max_results", 50));
        ResponseTemplate::new(200)
            .set_body_json(json!({"result_set": found, "total_results": found.len()}))
    }

    fn events(&self, request: &Request) -> ResponseTemplate {
        let Some(person) = query(request, "userId").or_else(|| query(request, "user_id")) else {
            return json_body(400, payload::CIM_MISSING_USER);
        };
        let all = if person == PERSON_ID {
            parse(payload::CIM_EVENTS)["resultSet"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        } else {
            vec![]
        };
        let page = slice(
            &all,
            number(request, "offset", 0),
            number(request, "limit", 50),
        );
        ResponseTemplate::new(200)
            .set_body_json(json!({"resultSet": page, "pagination": {"total": all.len()}}))
    }
}

impl wiremock::Respond for Cim {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let api = if path.starts_with("/api/events") {
            self.credentials.cim_events
        } else if path.starts_with("/api/config") {
            self.credentials.configuration
        } else {
            self.credentials.persons
        };
        if !carries(request, api.username, api.password) {
            return ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", "Basic realm=\"api\"");
        }
        let method = request.method.as_str();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            ("POST", ["api", "migration", "status"]) => self.migration_status(request),
            ("GET", ["api", "persons", "search"]) if self.lookup == Lookup::PersonSearch => {
                self.search(request)
            }
            // Anything else under it is an id, `search` included: unknown, 404.
            ("GET", ["api", "persons", id]) => match *id {
                PERSON_ID => json_body(200, payload::PERSON),
                MINIMAL_PERSON_ID => json_body(200, payload::MINIMAL_PERSON),
                _ => ResponseTemplate::new(404),
            },
            ("GET", ["api", "events"]) => self.events(request),
            // The Configuration API is switched off: 500 "Api disabled", no body.
            ("GET", ["api", "config", ..]) => ResponseTemplate::new(500),
            _ => self.state.unanswered(request),
        }
    }
}

struct TokenServer {
    credentials: ApiCredentials,
    state: Arc<State>,
}

impl TokenServer {
    fn devices(&self, user: &str) -> ResponseTemplate {
        if user != PERSON_ID {
            return json_body(404, payload::NO_DEVICES);
        }
        let removed = self
            .state
            .removed
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut devices = parse(payload::DEVICES);
        if let Some(list) = devices["devices"].as_array_mut() {
            list.retain(|device| !removed.contains(device["id"].as_str().unwrap_or_default()));
            if list.is_empty() {
                return json_body(404, payload::NO_DEVICES);
            }
        }
        ResponseTemplate::new(200).set_body_json(devices)
    }

    fn remove(&self, user: &str, device: &str) -> ResponseTemplate {
        if user == PERSON_ID && device != KEPT_PHONE {
            let mut removed = self
                .state
                .removed
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            removed.insert(device.to_owned());
        }
        // 204 whatever happened.
        ResponseTemplate::new(204)
    }

    fn events(&self, request: &Request) -> ResponseTemplate {
        let user = query(request, "user_id").unwrap_or_default();
        let until = query(request, "end_date").and_then(|ms| ms.parse::<i64>().ok());
        let all: Vec<Value> = if user.eq_ignore_ascii_case(PERSON_ID) {
            parse(payload::TS_EVENTS)["result_set"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        } else {
            vec![]
        };
        let all: Vec<Value> = all
            .into_iter()
            .filter(|event| until.is_none_or(|until| event["occurred"].as_i64() <= Some(until)))
            .collect();
        let size = number(request, "size", 20).clamp(1, 1000);
        let page = number(request, "page", 0);
        let events = slice(&all, page * size, size);
        let pages = all.len().div_ceil(size);
        ResponseTemplate::new(200).set_body_json(json!({
            "result_set": events,
            "pagination": {
                "total_results": all.len(), "offset": page * size, "page_size": size,
                "number_of_pages": pages, "first_page": page == 0,
                "last_page": page + 1 >= pages,
                "previous_page": page.checked_sub(1), "next_page": (page + 1 < pages).then_some(page + 1)
            }
        }))
    }
}

impl wiremock::Respond for TokenServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let api = if path.starts_with("/oauth/api/v1/events") {
            self.credentials.ts_events
        } else {
            self.credentials.end_user
        };
        let (username, password) = (form_encoded(api.username), form_encoded(api.password));
        if !carries(request, &username, &password) {
            return json_body(401, payload::INVALID_CLIENT);
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["oauth", "api", "v4", "users", user, "devices"]) => self.devices(user),
            ("DELETE", ["oauth", "api", "v4", "users", user, "devices", device]) => {
                self.remove(user, device)
            }
            ("GET", ["oauth", "api", "v1", "events"]) => self.events(request),
            _ => self.state.unanswered(request),
        }
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("a payload file is JSON")
}
