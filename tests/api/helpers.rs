//! Starting the real server against wiremock upstreams.

use std::sync::OnceLock;
use std::time::Duration;

use cs_auth::Accounts;
use cs_auth::keys::{KeyAlgorithm, MintClaims, SigningKey};
use cs_clock::Clock;
use cs_server::{Application, Settings};
use secrecy::SecretString;
use wiremock::MockServer;

pub const CIM_USER: &str = "person_api_user";
pub const CIM_PASSWORD: &str = "cim-secret-for-tests";
pub const TS_USER: &str = "end_user_api_user";
pub const TS_PASSWORD: &str = "ts-secret-for-tests";
pub const ISSUER: &str = "https://idp.test";
pub const AUDIENCE: &str = "customer-service-tests";

/// The key test tokens are signed with (one per test binary: generating keys is not free).
pub fn signing_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        // Static public keys are known by their RFC 7638 thumbprint.
        let key = SigningKey::generate(KeyAlgorithm::EdDsa, "pending").unwrap();
        let kid = key.thumbprint();
        key.with_kid(kid)
    })
}

/// A bearer token for `subject` with these authorities (or group names).
pub fn token(subject: &str, authorities: &[&str]) -> String {
    signing_key()
        .mint(&MintClaims {
            issuer: ISSUER.into(),
            audience: AUDIENCE.into(),
            subject: subject.into(),
            name: Some(format!("Agent {subject}")),
            authorities: authorities.iter().map(|a| (*a).to_owned()).collect(),
            authorities_claim: "authorities".into(),
            ttl: Duration::from_secs(600),
            not_before: None,
        })
        .unwrap()
}

/// How long a test waits for one answer before it fails instead of hanging.
const ANSWER_DEADLINE: Duration = Duration::from_secs(30);

/// How long a graceful stop may take: the server's shutdown timeout (30 s) and some.
const STOP_DEADLINE: Duration = Duration::from_secs(45);

/// A test's HTTP client: a request fails after [`ANSWER_DEADLINE`] rather than waiting for ever,
/// and no connection stays open after its answer (a graceful stop waits for open connections,
/// idle ones too, until the server's shutdown timeout).
pub fn client() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(ANSWER_DEADLINE)
        .pool_max_idle_per_host(0)
}

/// Waits for `stop` (a server's graceful stop), failing the test, naming `what`, when it takes
/// longer than any graceful stop may.
pub async fn stop_within(what: &str, stop: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(STOP_DEADLINE, stop).await.is_err() {
        panic!("{what} did not stop within {STOP_DEADLINE:?}");
    }
}

/// A running server and its two mocked upstreams. Dropping it stops the server.
pub struct TestApp {
    pub address: String,
    pub cim: MockServer,
    pub token_server: MockServer,
    pub client: reqwest::Client,
    /// A token of a full-access agent, sent by `get` and `delete`.
    pub token: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // `stop` sends the command at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
    }
}

/// Settings for a server on a free loopback port, against the given upstream base URLs.
pub fn settings_for(cim_url: &str, token_server_url: &str) -> Settings {
    let mut settings = Settings::default();
    settings.server.listen = "127.0.0.1:0".parse().unwrap();
    settings.server.workers = Some(2);
    settings.server.shutdown_timeout_secs = 1;
    let cim = &mut settings.cim;
    cim.base_url = Some(cim_url.parse().unwrap());
    cim.username = Some(CIM_USER.into());
    cim.password = Some(SecretString::from(CIM_PASSWORD));
    cim.request_timeout_ms = 1_000;
    let ts = &mut settings.token_server;
    ts.base_url = Some(token_server_url.parse().unwrap());
    ts.username = Some(TS_USER.into());
    ts.password = Some(SecretString::from(TS_PASSWORD));
    ts.request_timeout_ms = 1_000;
    settings.auth.database = ":memory:".into();
    settings.auth.secure_cookies = false;
    let bearer = &mut settings.bearer;
    bearer.enabled = true;
    bearer.issuer = ISSUER.into();
    bearer.audience = AUDIENCE.into();
    bearer.public_keys = vec![signing_key().public_pem()];
    settings
}

/// Starts a server with these settings and the demo agents; returns its base URL and stop handle.
pub async fn start(settings: &Settings) -> (String, actix_web::dev::ServerHandle) {
    start_with_clock(settings, Clock::system()).await
}

/// Like [`start`], with the server reading the time from `clock`.
pub async fn start_with_clock(
    settings: &Settings,
    clock: Clock,
) -> (String, actix_web::dev::ServerHandle) {
    init_logs();
    let accounts = demo_accounts().clone();
    let app = Application::build_with_clock(settings, accounts, clock)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    (address, handle)
}

/// Starts the server against two fresh wiremock upstreams.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the settings adjusted first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with_clock(Clock::system(), adjust).await
}

/// Like [`spawn_app_with`], with the server reading the time from `clock` (a manual one, which
/// the test moves instead of sleeping).
pub async fn spawn_app_with_clock(clock: Clock, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let cim = MockServer::start().await;
    let token_server = MockServer::start().await;
    spawn_app_against(cim, token_server, clock, adjust).await
}

/// Starts the server against these upstreams (the Token Server's `/oauth` root on its own).
pub async fn spawn_app_against(
    cim: MockServer,
    token_server: MockServer,
    clock: Clock,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = settings_for(&cim.uri(), &format!("{}/oauth", token_server.uri()));
    adjust(&mut settings);
    let (address, handle) = start_with_clock(&settings, clock).await;
    let token = token("agent", &["USERS_ALL"]);
    TestApp {
        address,
        cim,
        token_server,
        client: client().build().unwrap(),
        token,
        handle,
    }
}

impl TestApp {
    /// The audit records about `user_id`, newest first, as a supervisor reads them.
    pub async fn audit_records(&self, user_id: &str) -> Vec<serde_json::Value> {
        let page: serde_json::Value = self
            .client
            .get(self.url(&format!("/api/v1/audit?userId={user_id}")))
            .bearer_auth(token("sam", &["AGENTS_READ"]))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        page["records"].as_array().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A request with the full-access agent's token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::DELETE, path)
            .send()
            .await
            .expect("the request is sent")
    }
}

/// The demo agents (hashing their passwords once per test binary).
pub fn demo_accounts() -> &'static Accounts {
    static ACCOUNTS: OnceLock<Accounts> = OnceLock::new();
    ACCOUNTS.get_or_init(|| Accounts::demo().unwrap())
}

/// `TEST_LOG=1 cargo test` shows the server's logs.
fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        cs_server::telemetry::init(&cs_server::config::LogSettings {
            format: cs_server::config::LogFormat::Pretty,
            filter: "debug".into(),
        });
    }
}

/// Reads a problem+json answer, checking the media type and the status inside it.
pub async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["type"].as_str().unwrap().starts_with("/problems/"));
    assert!(!body["title"].as_str().unwrap().is_empty());
    assert!(!body["detail"].as_str().unwrap().is_empty());
    assert!(body["requestId"].is_string());
    body
}

/// onegini-sim with `persons` seeded users, and the server against it with `adjust`ed settings;
/// returns the simulator, the server's base URL and its stop handle.
pub async fn start_with_simulator(
    persons: usize,
    adjust: impl FnOnce(&mut Settings),
) -> (
    onegini_sim::RunningSim,
    String,
    actix_web::dev::ServerHandle,
) {
    start_with_simulator_playing(persons, |_| {}, adjust).await
}

/// Like [`start_with_simulator`], with the simulator's settings adjusted first (one of the
/// vendor's variants, say); our settings follow them (each API's credentials).
pub async fn start_with_simulator_playing(
    persons: usize,
    variant: impl FnOnce(&mut onegini_sim::SimSettings),
    adjust: impl FnOnce(&mut Settings),
) -> (
    onegini_sim::RunningSim,
    String,
    actix_web::dev::ServerHandle,
) {
    let mut sim_settings = onegini_sim::SimSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        persons,
        ..onegini_sim::SimSettings::default()
    };
    variant(&mut sim_settings);
    let sim = onegini_sim::RunningSim::start(sim_settings.clone())
        .await
        .unwrap();
    let mut settings = settings_for(&sim.cim_url(), &sim.token_server_url());
    cs_server::cli::demo::point_at_simulator(&mut settings, &sim, &sim_settings);
    adjust(&mut settings);
    let (address, handle) = start(&settings).await;
    (sim, address, handle)
}

/// A client with a cookie jar, logged in at `address` as `username` (password `demo`) the way the
/// SPA does; returns it and the XSRF token its changes must carry.
pub async fn login(address: &str, username: &str) -> (reqwest::Client, String) {
    let client = client().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{address}/api/v1/session"))
        .json(&serde_json::json!({"username": username, "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login as {username}");
    let xsrf = response
        .cookies()
        .find(|c| c.name() == "XSRF-TOKEN")
        .unwrap()
        .value()
        .to_owned();
    (client, xsrf)
}
