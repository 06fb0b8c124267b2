//! The upstream fault matrix: every upstream call the API makes, under every kind of failure,
//! answers within its deadline plus 10 %, as problem+json or as a partial answer that names the
//! missing source, and never reports a deletion that did not happen.

use std::time::{Duration, Instant};

use onegini_sim::{FaultRule, RunningSim};
use serde_json::{Value, json};

use crate::helpers::{settings_for, start, start_with_simulator, stop_within, token};

/// Every upstream call may take this long.
const CALL_TIMEOUT_MS: u64 = 1_000;

/// The failures a real upstream shows, as simulator faults.
fn faults() -> Vec<(&'static str, Value)> {
    vec![
        ("timeout", json!({ "latency_ms": 5_000 })),
        ("500", json!({ "error_status": 500 })),
        ("503", json!({ "error_status": 503 })),
        ("malformed JSON", json!({ "body": "malformed" })),
        (
            "trickling body",
            json!({ "body": "trickle", "trickle_interval_ms": 100 }),
        ),
        (
            "50 MB body",
            json!({ "body": "oversized", "oversized_bytes": 50_000_000 }),
        ),
        (
            "wrong content type",
            json!({ "body": "wrong_content_type" }),
        ),
    ]
}

struct Stack {
    sim: RunningSim,
    address: String,
    handle: actix_web::dev::ServerHandle,
    client: reqwest::Client,
    token: String,
}

impl Stack {
    async fn start() -> Stack {
        let (sim, address, handle) = start_with_simulator(300, |settings| {
            settings.cim.request_timeout_ms = CALL_TIMEOUT_MS;
            settings.token_server.request_timeout_ms = CALL_TIMEOUT_MS;
            // Caches would hide the faults after the first answer, and an open circuit would turn
            // the next case's faults into fast refusals of another source.
            let cache = &mut settings.cache;
            (
                cache.persons_ttl_secs,
                cache.searches_ttl_secs,
                cache.devices_ttl_secs,
                cache.events_ttl_secs,
            ) = (0, 0, 0, 0);
            settings.cim.breaker_failures = 0;
            settings.token_server.breaker_failures = 0;
        })
        .await;
        Stack {
            sim,
            address,
            handle,
            client: crate::helpers::client().build().unwrap(),
            token: token("agent", &["USERS_ALL"]),
        }
    }

    fn fault(&self, route: &str, fault: &Value) {
        let mut rule = fault.clone();
        rule["route"] = json!(route);
        let rule: FaultRule = serde_json::from_value(rule).unwrap();
        self.sim.state().try_set_faults(vec![rule]).unwrap();
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> (u16, Option<String>, Value, Duration) {
        send(
            self.client
                .request(method, format!("{}{path}", self.address))
                .bearer_auth(&self.token),
        )
        .await
    }

    async fn stop(self) {
        stop_within("the server", self.handle.stop(true)).await;
        stop_within("the simulator", self.sim.stop()).await;
    }
}

/// Sends `request`; its status, content type, JSON body (`null` when empty) and how long it took.
async fn send(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value, Duration) {
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.bytes().await.unwrap();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap()
    };
    (status, content_type, body, started.elapsed())
}

fn within(elapsed: Duration, deadline_ms: u64, case: &str) {
    let limit = Duration::from_millis(deadline_ms * 11 / 10);
    assert!(
        elapsed <= limit,
        "{case}: answered after {elapsed:?}, deadline {deadline_ms} ms + 10 %"
    );
}

fn problem(status: u16, content_type: Option<&str>, body: &Value, case: &str) {
    assert!(
        (500..600).contains(&status) && status != 500,
        "{case}: {status} {body}"
    );
    assert_eq!(content_type, Some("application/problem+json"), "{case}");
    let text = body.to_string();
    assert!(
        !text.contains("password") && !text.contains("reqwest") && !text.contains("127.0.0.1"),
        "{case}: internals in {text}"
    );
}

#[tokio::test]
async fn a_required_upstream_failing_gives_a_problem_within_the_deadline() {
    let stack = Stack::start().await;
    let person = stack.sim.sample_persons(1).remove(0);
    let email = person.emails[0].clone();
    for (route, path) in [
        ("cim.persons.get", format!("/api/v1/users/{}", person.id)),
        ("cim.persons.search", format!("/api/v1/users?email={email}")),
    ] {
        for (name, fault) in faults() {
            stack.fault(route, &fault);
            let (status, content_type, body, elapsed) =
                stack.call(reqwest::Method::GET, &path).await;
            let case = format!("{route} × {name}");
            problem(status, content_type.as_deref(), &body, &case);
            within(elapsed, CALL_TIMEOUT_MS, &case);
        }
    }
    stack.stop().await;
}

#[tokio::test]
async fn an_optional_upstream_failing_gives_a_partial_profile_naming_it_within_the_deadline() {
    let stack = Stack::start().await;
    let person = stack.sim.sample_persons(1).remove(0);
    for (route, source) in [
        ("ts.devices.list", "token_server_devices"),
        ("ts.events", "token_server_events"),
        ("cim.events", "cim_events"),
    ] {
        for (name, fault) in faults() {
            stack.fault(route, &fault);
            let (status, _, body, elapsed) = stack
                .call(
                    reqwest::Method::GET,
                    &format!("/api/v1/users/{}", person.id),
                )
                .await;
            let case = format!("{route} × {name}");
            assert_eq!(status, 200, "{case}: {body}");
            assert_eq!(body["person"]["personId"], person.id.as_str(), "{case}");
            let missing: Vec<&str> = body["unavailable"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["source"].as_str().unwrap())
                .collect();
            assert_eq!(missing, [source], "{case}");
            within(elapsed, CALL_TIMEOUT_MS, &case);
        }
    }
    stack.stop().await;
}

#[tokio::test]
async fn a_failing_delete_is_never_reported_as_done_when_the_device_stays() {
    let stack = Stack::start().await;
    let persons = stack.sim.sample_persons(20);
    let mut people = persons.iter().filter(|p| p.devices > 0);
    for (name, fault) in faults() {
        let person = people.next().unwrap();
        let device = stack.sim.state().devices_of(&person.id).remove(0).id;
        stack.fault("ts.devices.delete", &fault);
        let (status, content_type, body, elapsed) = stack
            .call(
                reqwest::Method::DELETE,
                &format!("/api/v1/users/{}/devices/{device}", person.id),
            )
            .await;
        stack.sim.state().clear_faults();
        let case = format!("ts.devices.delete × {name}");
        let still_there = stack
            .sim
            .state()
            .devices_of(&person.id)
            .iter()
            .any(|d| d.id == device);
        if status == 204 {
            assert!(
                !still_there,
                "{case}: reported removed, but the Token Server still has it"
            );
        } else {
            problem(status, content_type.as_deref(), &body, &case);
        }
        // A deletion is three calls in a row: list, delete, list again.
        within(elapsed, 3 * CALL_TIMEOUT_MS, &case);
    }
    stack.stop().await;
}

#[tokio::test]
async fn refused_connections_are_problems_at_once_and_a_dead_upstream_is_not_waited_for() {
    // Upstreams on a port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut settings = settings_for(
        &format!("http://127.0.0.1:{port}"),
        &format!("http://127.0.0.1:{port}/oauth"),
    );
    settings.cim.request_timeout_ms = CALL_TIMEOUT_MS;
    settings.token_server.request_timeout_ms = CALL_TIMEOUT_MS;
    let (address, handle) = start(&settings).await;
    let client = crate::helpers::client().build().unwrap();
    let bearer = token("agent", &["USERS_ALL"]);

    for path in [
        "/api/v1/users/p1",
        "/api/v1/users?email=joe@example.com",
        "/api/v1/users/p1/devices",
    ] {
        let (status, content_type, body, elapsed) =
            send(client.get(format!("{address}{path}")).bearer_auth(&bearer)).await;
        problem(status, content_type.as_deref(), &body, path);
        within(elapsed, CALL_TIMEOUT_MS, path);
    }
    let (_, _, events, _) = send(
        client
            .get(format!("{address}/api/v1/users/p1/events"))
            .bearer_auth(&bearer),
    )
    .await;
    assert_eq!(
        events["unavailable"].as_array().unwrap().len(),
        2,
        "{events}"
    );
    stop_within("the server", handle.stop(true)).await;
}
