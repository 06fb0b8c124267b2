//! The real clients against onegini-sim: the simulator speaks the contract the clients expect,
//! and its faults look to the clients like the real failures they stand for.

use std::time::Duration;

use cs_clock::Clock;
use cs_upstream::{
    CimClient, GuardLimits, TokenServerClient, TsEventsQuery, UpstreamConfig, UpstreamError,
};
use onegini_sim::{FaultRule, RunningSim, SimSettings};

struct Sim {
    sim: RunningSim,
    settings: SimSettings,
}

impl Sim {
    async fn start() -> Sim {
        let settings = SimSettings {
            listen: "127.0.0.1:0".parse().unwrap(),
            persons: 100,
            ..SimSettings::default()
        };
        let sim = RunningSim::start(settings.clone()).await.unwrap();
        Sim { sim, settings }
    }

    fn config(url: &str, user: &str, password: &str) -> UpstreamConfig {
        let mut config =
            UpstreamConfig::new(url.parse().unwrap(), user, password.to_owned().into());
        config.request_timeout = Duration::from_secs(2);
        // These tests look at single calls; the breaker has its own test below.
        config.guard.breaker_failures = 0;
        config
    }

    fn cim(&self) -> CimClient {
        let s = &self.settings;
        CimClient::new(
            Self::config(&self.sim.cim_url(), &s.cim_user, &s.cim_password),
            None,
        )
        .unwrap()
    }

    fn token_server(&self) -> TokenServerClient {
        let s = &self.settings;
        TokenServerClient::new(Self::config(
            &self.sim.token_server_url(),
            &s.token_server_user,
            &s.token_server_password,
        ))
        .unwrap()
    }

    fn fault(&self, rule: serde_json::Value) {
        let rule: FaultRule = serde_json::from_value(rule).unwrap();
        self.sim.state().try_set_faults(vec![rule]).unwrap();
    }
}

#[tokio::test]
async fn search_person_devices_delete_and_the_list_no_longer_has_it() {
    let sim = Sim::start().await;
    let (cim, ts) = (sim.cim(), sim.token_server());
    let sample = sim.sim.sample_persons(1).remove(0);

    let found = cim
        .search_by_email(&sample.emails[0].to_uppercase(), 50)
        .await
        .unwrap();
    let person_id = found
        .persons
        .iter()
        .find(|p| p.person_id == sample.id)
        .unwrap()
        .person_id
        .clone();
    let person = cim.person(&person_id).await.unwrap();
    assert!(
        person
            .email_addresses
            .iter()
            .any(|e| e.value == sample.emails[0])
    );
    let devices = ts.devices(&person_id).await.unwrap();
    assert_eq!(devices.len(), sample.devices);
    let doomed = devices[0].id.clone();

    ts.delete_device(&person_id, &doomed).await.unwrap();

    let after = ts.devices(&person_id).await.unwrap();
    assert_eq!(after.len(), sample.devices - 1);
    assert!(after.iter().all(|d| d.id != doomed));
    let events = ts
        .events(&TsEventsQuery {
            size: 5,
            ..TsEventsQuery::for_user(person_id.clone())
        })
        .await
        .unwrap();
    assert_eq!(events.events[0].event_type, "API_DEVICE_REMOVED");
    assert_eq!(
        events.events[0].event_agent_user.as_deref(),
        Some(sim.settings.token_server_user.as_str())
    );
    let cim_events = cim.events(&person_id, 10, 0).await.unwrap();
    assert!(
        cim_events
            .events
            .windows(2)
            .all(|w| w[0].occurred >= w[1].occurred),
        "newest first"
    );
    // Clients first: a graceful stop waits for their idle connections.
    drop((cim, ts));
    sim.sim.stop().await;
}

#[tokio::test]
async fn a_silent_delete_failure_leaves_the_device_listed() {
    let sim = Sim::start().await;
    let ts = sim.token_server();
    let sample = sim.sim.sample_persons(1).remove(0);
    let device = ts.devices(&sample.id).await.unwrap().remove(0);
    sim.fault(serde_json::json!({"route": "ts.devices.delete", "silent_delete_failure": true}));

    ts.delete_device(&sample.id, &device.id).await.unwrap();

    assert!(
        ts.devices(&sample.id)
            .await
            .unwrap()
            .iter()
            .any(|d| d.id == device.id)
    );
    // Clients first: a graceful stop waits for their idle connections.
    drop(ts);
    sim.sim.stop().await;
}

#[tokio::test]
async fn wrong_credentials_are_a_configuration_fault_on_both_upstreams() {
    let sim = Sim::start().await;
    let cim = CimClient::new(
        Sim::config(&sim.sim.cim_url(), "person_api_user", "wrong"),
        None,
    )
    .unwrap();
    let ts = TokenServerClient::new(Sim::config(&sim.sim.token_server_url(), "nobody", "wrong"))
        .unwrap();
    let sample = sim.sim.sample_persons(1).remove(0);

    assert!(matches!(
        cim.person(&sample.id).await,
        Err(UpstreamError::BadCredentials { .. })
    ));
    assert!(matches!(
        ts.devices(&sample.id).await,
        Err(UpstreamError::BadCredentials { .. })
    ));
    assert!(matches!(
        ts.events(&TsEventsQuery::for_user(sample.id.clone())).await,
        Err(UpstreamError::BadCredentials { .. })
    ));
    // Clients first: a graceful stop waits for their idle connections.
    drop((cim, ts));
    sim.sim.stop().await;
}

#[tokio::test]
async fn a_latency_fault_is_observed_by_the_client() {
    let sim = Sim::start().await;
    let sample = sim.sim.sample_persons(1).remove(0);
    let s = &sim.settings;
    let mut config = Sim::config(&sim.sim.cim_url(), &s.cim_user, &s.cim_password);
    config.request_timeout = Duration::from_millis(300);
    let impatient = CimClient::new(config, None).unwrap();

    // An answer held back a minute cannot beat a 300 ms deadline on any machine: a timeout
    // shows the client saw the delay.
    sim.fault(serde_json::json!({"route": "cim.persons.get", "latency_ms": 60_000}));
    let result = impatient.person(&sample.id).await;
    assert!(
        matches!(result, Err(UpstreamError::Timeout { .. })),
        "{result:?}"
    );
    // A delay within the deadline only delays the answer.
    sim.fault(serde_json::json!({"route": "cim.persons.get", "latency_ms": 300}));
    sim.cim().person(&sample.id).await.unwrap();

    assert_eq!(sim.sim.state().stats()["cim.persons.get"], 2);
    // Clients first: a graceful stop waits for their idle connections.
    drop(impatient);
    sim.sim.stop().await;
}

#[tokio::test]
async fn an_error_rate_fault_fails_about_that_share_of_calls() {
    let sim = Sim::start().await;
    let ts = sim.token_server();
    let sample = sim.sim.sample_persons(1).remove(0);
    sim.fault(
        serde_json::json!({"route": "ts.devices.list", "error_status": 503, "error_rate": 0.5}),
    );

    let mut failures = 0;
    for _ in 0..400 {
        match ts.devices(&sample.id).await {
            Ok(_) => {}
            Err(UpstreamError::Unavailable { .. }) => failures += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    // 400 draws at p = 0.5: 150..=250 holds with overwhelming probability (> 6 sigma).
    assert!((150..=250).contains(&failures), "{failures} of 400 failed");
    // Clients first: a graceful stop waits for their idle connections.
    drop(ts);
    sim.sim.stop().await;
}

#[tokio::test]
async fn body_faults_are_invalid_responses_and_a_slow_route_times_out() {
    let sim = Sim::start().await;
    let ts = sim.token_server();
    let sample = sim.sim.sample_persons(1).remove(0);

    for body in ["malformed", "wrong_content_type", "oversized"] {
        sim.fault(serde_json::json!({"route": "ts.devices.list", "body": body}));
        let result = ts.devices(&sample.id).await;
        assert!(
            matches!(result, Err(UpstreamError::InvalidResponse { .. })),
            "{body}: {result:?}"
        );
    }
    sim.fault(serde_json::json!({"route": "ts.devices.list", "latency_ms": 3000}));
    let result = ts.devices(&sample.id).await;
    // Had the client waited for the answer (3 s), it would have been a success: only its own
    // 2 s deadline gives a timeout.
    assert!(
        matches!(result, Err(UpstreamError::Timeout { .. })),
        "{result:?}"
    );
    // Clients first: a graceful stop waits for their idle connections.
    drop(ts);
    sim.sim.stop().await;
}

#[tokio::test]
async fn a_hung_upstream_gets_a_bounded_number_of_calls_and_then_a_fast_failure() {
    let sim = Sim::start().await;
    let s = &sim.settings;
    let mut config = Sim::config(
        &sim.sim.token_server_url(),
        &s.token_server_user,
        &s.token_server_password,
    );
    config.request_timeout = Duration::from_millis(300);
    config.guard = GuardLimits {
        max_in_flight: 10,
        breaker_failures: 5,
        breaker_cooldown: Duration::from_secs(30),
    };
    let (clock, time) = Clock::manual();
    config.clock = clock;
    let ts = TokenServerClient::new(config).unwrap();
    let sample = sim.sim.sample_persons(1).remove(0);
    sim.fault(serde_json::json!({"route": "ts.devices.list", "latency_ms": 10_000}));
    sim.sim.state().reset_stats();

    // 100 callers at once: 10 wait for the timeout, 90 are refused at admission, without a
    // request (the upstream's count below), so without waiting on it.
    let results = futures::future::join_all((0..100).map(|_| ts.devices(&sample.id))).await;
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(UpstreamError::Unavailable { reason, .. }) if reason.contains("in flight")))
        .count();
    let timed_out = results
        .iter()
        .filter(|r| matches!(r, Err(UpstreamError::Timeout { .. })))
        .count();
    assert_eq!((refused, timed_out), (90, 10));
    assert_eq!(
        sim.sim.state().stats()["ts.devices.list"],
        10,
        "only the admitted calls reached the upstream"
    );

    // Ten timeouts in a row opened the circuit: the next calls fail at once, without a request,
    // for the whole cooldown.
    let circuit_open = |result: &Result<_, UpstreamError>| matches!(result, Err(UpstreamError::Unavailable { reason, .. }) if reason.contains("circuit"));
    let result = ts.devices(&sample.id).await;
    assert!(circuit_open(&result), "{result:?}");
    time.advance(Duration::from_secs(29));
    let result = ts.devices(&sample.id).await;
    assert!(circuit_open(&result), "{result:?}");
    assert_eq!(sim.sim.state().stats()["ts.devices.list"], 10);

    // After it, one trial call goes out; the upstream has recovered, so the circuit closes.
    sim.sim.state().clear_faults();
    time.advance(Duration::from_secs(1));
    ts.devices(&sample.id).await.unwrap();
    ts.devices(&sample.id).await.unwrap();
    assert_eq!(sim.sim.state().stats()["ts.devices.list"], 12);
    // Clients first: a graceful stop waits for their idle connections.
    drop(ts);
    sim.sim.stop().await;
}
