//! Starting a simulator and talking to it.

use std::sync::Once;

use onegini_sim::{Device, PersonSummary, RunningSim, SimSettings};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;

pub const TS_USER: &str = "end_user_api_user";
pub const TS_PASSWORD: &str = "end_user_api_password";
pub const CIM_USER: &str = "person_api_user";
pub const CIM_PASSWORD: &str = "person_api_password";
pub const MOBILE_AUTH_USER: &str = "mobile_auth_api_user";
pub const MOBILE_AUTH_PASSWORD: &str = "mobile_auth_api_password";

/// A running simulator and an HTTP client for it.
pub struct TestSim {
    pub sim: RunningSim,
    pub client: Client,
}

/// `TEST_LOG=1` shows the simulator's logs.
fn init_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("debug")
                .with_test_writer()
                .try_init();
        }
    });
}

/// Settings for tests: port 0, a few hundred persons, default credentials.
pub fn test_settings() -> SimSettings {
    SimSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        persons: 300,
        ..SimSettings::default()
    }
}

pub async fn spawn_sim() -> TestSim {
    spawn_sim_with(test_settings()).await
}

pub async fn spawn_sim_with(settings: SimSettings) -> TestSim {
    init_logs();
    let sim = RunningSim::start(settings).await.expect("simulator starts");
    TestSim {
        sim,
        client: Client::new(),
    }
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestSim {
    /// A Token Server request; `path` is under `/oauth`.
    pub fn ts(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.sim.token_server_url()))
            .basic_auth(TS_USER, Some(TS_PASSWORD))
    }

    /// A Mobile Authentication API request; `path` is under `/oauth`.
    pub fn mobile_auth(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.sim.token_server_url()))
            .basic_auth(MOBILE_AUTH_USER, Some(MOBILE_AUTH_PASSWORD))
    }

    /// `POST /api/v4/authenticate/user` with these form fields.
    pub async fn start_push(&self, form: &[(&str, &str)]) -> (u16, Value) {
        let res = self
            .mobile_auth(Method::POST, "/api/v4/authenticate/user")
            .header("content-type", FORM)
            .body(form_body(form))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    /// Sends a push to the device with the message; the new transaction id.
    pub async fn push(&self, user_id: &str, device_id: &str, message: &str) -> String {
        let (status, body) = self
            .start_push(&[
                ("type", "PUSH_AUTH"),
                ("user_id", user_id),
                ("device_id", device_id),
                ("message", message),
            ])
            .await;
        assert_eq!(status, 200, "{body}");
        body["transaction_id"].as_str().unwrap().to_owned()
    }

    /// `GET /api/v4/authenticate/transaction/{id}`.
    pub async fn poll(&self, transaction_id: &str) -> (u16, Value) {
        let res = self
            .mobile_auth(
                Method::GET,
                &format!("/api/v4/authenticate/transaction/{transaction_id}"),
            )
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    /// `POST /_sim/push/{id}` with `{"answer": answer}`.
    pub async fn answer(&self, transaction_id: &str, answer: &str) -> (u16, Value) {
        let res = self
            .raw(Method::POST, &format!("/_sim/push/{transaction_id}"))
            .json(&serde_json::json!({ "answer": answer }))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    /// A person with a device enrolled for push, and that device.
    pub fn push_device(&self) -> (PersonSummary, Device) {
        self.device_where(|d| d.push_authentication_enabled)
    }

    /// A person with a device not enrolled for push, and that device.
    pub fn device_without_push(&self) -> (PersonSummary, Device) {
        self.device_where(|d| !d.push_authentication_enabled)
    }

    fn device_where(&self, wanted: impl Fn(&Device) -> bool) -> (PersonSummary, Device) {
        let state = self.sim.state();
        state
            .sample_persons(usize::MAX)
            .into_iter()
            .find_map(|p| {
                let device = state.devices_of(&p.id).into_iter().find(&wanted)?;
                Some((p, device))
            })
            .expect("the seeded data has such a device")
    }

    /// A CIM GET; `path` starts with `/api`.
    pub fn cim(&self, path: &str) -> RequestBuilder {
        self.client
            .get(format!("{}{path}", self.sim.cim_url()))
            .basic_auth(CIM_USER, Some(CIM_PASSWORD))
    }

    /// A CIM POST of a JSON body; `path` starts with `/api`.
    pub fn cim_post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client
            .post(format!("{}{path}", self.sim.cim_url()))
            .basic_auth(CIM_USER, Some(CIM_PASSWORD))
            .json(body)
    }

    /// A request without credentials to any path.
    pub fn raw(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.sim.base_url()))
    }

    pub fn sample(&self, i: usize) -> PersonSummary {
        self.sim.sample_persons(i + 1).remove(i)
    }

    /// `GET devices` as JSON (the list, or empty on 404).
    pub async fn devices(&self, user_id: &str) -> Vec<Value> {
        let res = self
            .ts(Method::GET, &format!("/api/v4/users/{user_id}/devices"))
            .send()
            .await
            .unwrap();
        if res.status() == 404 {
            return Vec::new();
        }
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        body["devices"].as_array().unwrap().clone()
    }

    pub async fn delete_device(&self, user_id: &str, device_id: &str) -> Response {
        self.ts(
            Method::DELETE,
            &format!("/api/v4/users/{user_id}/devices/{device_id}"),
        )
        .send()
        .await
        .unwrap()
    }

    /// Token Server events of a user with extra query text.
    pub async fn ts_events(&self, query: &str) -> (u16, Value) {
        let res = self
            .ts(Method::GET, &format!("/api/v1/events?{query}"))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap())
    }

    pub async fn set_faults(&self, rules: Value) -> Response {
        self.raw(Method::POST, "/_sim/faults")
            .json(&serde_json::json!({ "rules": rules }))
            .send()
            .await
            .unwrap()
    }
}

/// The content type of a form post.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// `pairs` form-urlencoded (reqwest here has no `form` feature).
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Ids of a device list.
pub fn ids(devices: &[Value]) -> Vec<String> {
    devices
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}
