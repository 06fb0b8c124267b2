//! Clients pointed at a mock server, and JSON fixture builders.

use std::time::Duration;

use cs_upstream::{CimClient, TokenServerClient, UpstreamConfig};
use serde_json::{Value, json};
use wiremock::matchers::basic_auth;
use wiremock::{MockServer, Request};

pub const USERNAME: &str = "cs-api-client";
pub const PASSWORD: &str = "Sup3r-s3cret-Pa55word";
pub const PERSON_ID: &str = "8a742ac4-fabd-4580-924c-0281777e3d39";
pub const DEVICE_ID: &str = "5f2a7c0e9b1d4e6fa3c8b7d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2";

/// Short timeouts so failure tests finish quickly.
pub fn config(base_url: &str) -> UpstreamConfig {
    let mut config = UpstreamConfig::new(
        base_url.parse().expect("a valid test URL"),
        USERNAME,
        PASSWORD.to_owned().into(),
    );
    config.connect_timeout = Duration::from_millis(500);
    config.request_timeout = Duration::from_millis(1500);
    config
}

pub fn cim(server: &MockServer) -> CimClient {
    CimClient::new(config(&server.uri()), None).expect("a CIM client")
}

pub fn cim_with_partition(server: &MockServer, partition: &str) -> CimClient {
    CimClient::new(config(&server.uri()), Some(partition.to_owned())).expect("a CIM client")
}

/// The Token Server lives under `/oauth`, as in production.
pub fn token_server(server: &MockServer) -> TokenServerClient {
    TokenServerClient::new(config(&format!("{}/oauth", server.uri()))).expect("a TS client")
}

pub fn credentials() -> impl wiremock::Match {
    basic_auth(USERNAME, PASSWORD)
}

/// The (decoded) query pairs of the only request the server received.
pub async fn only_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    query_of(&requests[0])
}

pub fn query_of(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A JSON object fixture that tests adjust field by field.
pub struct Fixture(Value);

impl Fixture {
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.0[key] = value;
        self
    }

    pub fn without(mut self, key: &str) -> Self {
        if let Some(object) = self.0.as_object_mut() {
            object.remove(key);
        }
        self
    }

    pub fn build(self) -> Value {
        self.0
    }
}

/// The Person example of ONEGINI-APIS.md §3, verbatim.
pub fn documented_person() -> Value {
    serde_json::from_str(
        r#"{
  "person_id": "8a742ac4-fabd-4580-924c-0281777e3d39",
  "gender": "M",
  "name": { "first_name": "Joe", "last_name": "Doe", "initials": "J.", "display_name": "Joe Doe" },
  "date_of_birth": "1990-01-31",
  "email_addresses": [ { "primary": true, "verified": true, "value": "joe.doe@example.com" } ],
  "phone_numbers": [ { "primary": true, "verified": true, "tag": "MOBILE", "value": "+31 6 12345678" } ],
  "addresses": [],
  "preferred_locale": "en_US",
  "custom_attributes": {}
}"#,
    )
    .expect("the documented person is JSON")
}

pub fn person(person_id: &str) -> Fixture {
    Fixture(documented_person()).with("person_id", json!(person_id))
}

/// A v4 device with every documented field set.
pub fn device(id: &str) -> Fixture {
    Fixture(json!({
        "id": id,
        "name": "Joe's phone 📱",
        "application": "Example Bank app",
        "platform": "ios",
        "osVersion": "17.4",
        "model": "iPhone XR",
        "createdAt": 1_700_000_000_000_i64,
        "lastLogin": 1_712_000_000_000_i64,
        "tokenTypes": ["DEFAULT", "FINGER_PRINT"],
        "mobileAuthenticationEnabled": true,
        "pushAuthenticationEnabled": true
    }))
}

/// A CIM event with every documented field set.
pub fn cim_event(id: &str) -> Fixture {
    Fixture(json!({
        "event_identifier": id,
        "person_id": PERSON_ID,
        "occurred": 1_712_000_000_000_i64,
        "event_type": "person.SessionLoginSucceededEvent",
        "event_name": "SessionLoginSucceededEvent",
        "client_ip": "10.0.0.5",
        "user_agent": "Mozilla/5.0",
        "partition_id": "default",
        "event_agent_user": "helpdesk-agent-1",
        "reason": "login"
    }))
}

/// The events answer example of ONEGINI-APIS.md §2, verbatim.
pub fn documented_ts_events() -> Value {
    serde_json::from_str(
        r#"{
  "result_set": [
    { "event_identifier": "0c7d4a52-...", "event_type": "API_DEVICE_REMOVED",
      "event_name": "Api device removed", "client_id": "873BE1...", "app_name": "Example Bank app",
      "transaction_id": "ONEGINI_6a1c...", "user_id": "4f0c2f8e-...", "client_ip": "10.0.0.5",
      "user_agent": "Mozilla/5.0 ...", "event_agent_user": "helpdesk-agent-1", "occurred": 1712000000000 }
  ],
  "pagination": { "total_results": 3, "offset": 0, "page_size": 10, "number_of_pages": 1,
                  "first_page": true, "last_page": true, "previous_page": null, "next_page": null }
}"#,
    )
    .expect("the documented events answer is JSON")
}
