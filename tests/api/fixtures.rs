//! Builders of upstream answers and helpers that mount them on the mock upstreams.

use serde_json::{Value, json};
use wiremock::matchers::{basic_auth, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::{CIM_PASSWORD, CIM_USER, TS_PASSWORD, TS_USER, TestApp};

pub const PERSON_ID: &str = "8a742ac4-fabd-4580-924c-0281777e3d39";
/// 2024-04-01T19:33:20Z
pub const T0: i64 = 1_712_000_000_000;
pub const HOUR: i64 = 3_600_000;

pub fn person(id: &str) -> Value {
    json!({
        "person_id": id,
        "gender": "M",
        "name": { "first_name": "Joe", "last_name": "Doe", "initials": "J.", "display_name": "Joe Doe" },
        "date_of_birth": "1990-01-31",
        "email_addresses": [ { "primary": true, "verified": true, "value": "joe.doe@example.com" } ],
        "phone_numbers": [ { "primary": true, "verified": true, "tag": "MOBILE", "value": "+31 6 12345678" } ],
        "addresses": [],
        "preferred_locale": "en_US",
        "custom_attributes": {}
    })
}

pub fn device(id: &str, last_login: i64, mobile: bool, push: bool) -> Value {
    json!({
        "id": id,
        "name": format!("Phone {id}"),
        "application": "Example Bank app",
        "platform": "ios",
        "osVersion": "17.4",
        "model": "iPhone XR",
        "createdAt": last_login - 100 * HOUR,
        "lastLogin": last_login,
        "tokenTypes": ["DEFAULT"],
        "mobileAuthenticationEnabled": mobile,
        "pushAuthenticationEnabled": push
    })
}

pub fn devices(list: Vec<Value>) -> Value {
    json!({ "devices": list })
}

pub fn ts_event(id: &str, event_type: &str, occurred: i64) -> Value {
    json!({
        "event_identifier": id, "event_type": event_type, "event_name": "Api device removed",
        "client_id": "873BE1", "app_name": "Example Bank app", "transaction_id": "ONEGINI_6a1c",
        "user_id": PERSON_ID, "client_ip": "10.0.0.5", "user_agent": "Mozilla/5.0",
        "event_agent_user": "helpdesk-agent-1", "occurred": occurred
    })
}

pub fn ts_events(events: Vec<Value>) -> Value {
    let n = events.len();
    json!({
        "result_set": events,
        "pagination": { "total_results": n, "offset": 0, "page_size": n, "number_of_pages": 1,
                        "first_page": true, "last_page": true, "previous_page": null, "next_page": null }
    })
}

pub fn cim_event(id: &str, event_type: &str, occurred: i64) -> Value {
    json!({
        "event_identifier": id, "person_id": PERSON_ID, "occurred": occurred, "event_type": event_type,
        "event_name": null, "client_ip": "192.168.10.30", "user_agent": "Mozilla/5.0",
        "partition_id": null, "event_agent_user": null, "reason": null
    })
}

pub fn cim_events(events: Vec<Value>) -> Value {
    let n = events.len();
    json!({ "resultSet": events, "pagination": { "total": n } })
}

pub fn devices_path(user: &str) -> String {
    format!("/oauth/api/v4/users/{user}/devices")
}

impl TestApp {
    pub async fn mount_person(&self, id: &str) {
        Mock::given(method("GET"))
            .and(path(format!("/api/persons/{id}")))
            .and(basic_auth(CIM_USER, CIM_PASSWORD))
            .respond_with(ResponseTemplate::new(200).set_body_json(person(id)))
            .mount(&self.cim)
            .await;
    }

    pub async fn mount_devices(&self, user: &str, list: Vec<Value>) {
        Mock::given(method("GET"))
            .and(path(devices_path(user)))
            .and(basic_auth(TS_USER, TS_PASSWORD))
            .respond_with(ResponseTemplate::new(200).set_body_json(devices(list)))
            .mount(&self.token_server)
            .await;
    }

    pub async fn mount_ts_events(&self, user: &str, events: Vec<Value>) {
        Mock::given(method("GET"))
            .and(path("/oauth/api/v1/events"))
            .and(query_param("user_id", user))
            .and(basic_auth(TS_USER, TS_PASSWORD))
            .respond_with(ResponseTemplate::new(200).set_body_json(ts_events(events)))
            .mount(&self.token_server)
            .await;
    }

    pub async fn mount_cim_events(&self, user: &str, events: Vec<Value>) {
        Mock::given(method("GET"))
            .and(path("/api/events"))
            .and(query_param("userId", user))
            .and(basic_auth(CIM_USER, CIM_PASSWORD))
            .respond_with(ResponseTemplate::new(200).set_body_json(cim_events(events)))
            .mount(&self.cim)
            .await;
    }
}
