//! The upstream fault matrix: every upstream call the API makes, under every kind of failure,
//! answers as problem+json or as a partial answer that names the missing source, says "did not
//! answer in time" exactly when the upstream was too slow (so a slow upstream is cut off by the
//! deadline, and a failing one is not waited for), calls the failing upstream once, and never
//! reports a deletion that did not happen.
//!
//! Nothing here measures how long an answer took: on a shared machine that says more about the
//! machine than about the server. Every test client gives up after 30 s, so a hang still fails.

use onegini_sim::{FaultRule, RunningSim};
use serde_json::{Value, json};

use crate::helpers::{settings_for, start, start_with_simulator, stop_within, token};

/// Every upstream call may take this long.
const CALL_TIMEOUT_MS: u64 = 1_000;

/// The failures a real upstream shows, as simulator faults, and whether only the deadline can end
/// the call (the upstream would answer, but too late: five seconds of latency, or a body of some
/// hundreds of bytes at 4 bytes per 100 ms).
fn faults() -> Vec<(&'static str, Value, bool)> {
    vec![
        ("timeout", json!({ "latency_ms": 5_000 }), true),
        ("500", json!({ "error_status": 500 }), false),
        ("503", json!({ "error_status": 503 }), false),
        ("malformed JSON", json!({ "body": "malformed" }), false),
        (
            "trickling body",
            json!({ "body": "trickle", "trickle_interval_ms": 100 }),
            true,
        ),
        (
            "50 MB body",
            json!({ "body": "oversized", "oversized_bytes": 50_000_000 }),
            false,
        ),
        (
            "wrong content type",
            json!({ "body": "wrong_content_type" }),
            false,
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

    /// Sets `fault` on `route` and starts counting calls afresh.
    fn fault(&self, route: &str, fault: &Value) {
        let mut rule = fault.clone();
        rule["route"] = json!(route);
        let rule: FaultRule = serde_json::from_value(rule).unwrap();
        self.sim.state().try_set_faults(vec![rule]).unwrap();
        self.sim.state().reset_stats();
    }

    /// Calls to `route` since the last [`Stack::fault`].
    fn calls(&self, route: &str) -> u64 {
        self.sim.state().stats()[route]
    }

    async fn call(&self, method: reqwest::Method, path: &str) -> (u16, Option<String>, Value) {
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

/// Sends `request`; its status, content type and JSON body (`null` when empty).
async fn send(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
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
    (status, content_type, body)
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
        // The search's first call: the documented e-mail lookup (the default `cim.search`).
        (
            "cim.migration.status",
            format!("/api/v1/users?email={email}"),
        ),
    ] {
        for (name, fault, slow) in faults() {
            stack.fault(route, &fault);
            let (status, content_type, body) = stack.call(reqwest::Method::GET, &path).await;
            let case = format!("{route} × {name}");
            problem(status, content_type.as_deref(), &body, &case);
            // 504 only when our deadline ended the call; a failure that arrives is passed on
            // at once, without waiting for the deadline.
            assert_eq!(status == 504, slow, "{case}: {status} {body}");
            assert_eq!(stack.calls(route), 1, "{case}");
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
        for (name, fault, slow) in faults() {
            stack.fault(route, &fault);
            let (status, _, body) = stack
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
            let reason = body["unavailable"][0]["reason"].as_str().unwrap();
            assert_eq!(reason.contains("in time"), slow, "{case}: {reason}");
            assert_eq!(stack.calls(route), 1, "{case}");
        }
    }
    stack.stop().await;
}

#[tokio::test]
async fn a_failing_delete_is_never_reported_as_done_when_the_device_stays() {
    let stack = Stack::start().await;
    let persons = stack.sim.sample_persons(20);
    let mut people = persons.iter().filter(|p| p.devices > 0);
    for (name, fault, _) in faults() {
        let person = people.next().unwrap();
        let device = stack.sim.state().devices_of(&person.id).remove(0).id;
        stack.fault("ts.devices.delete", &fault);
        let (status, content_type, body) = stack
            .call(
                reqwest::Method::DELETE,
                &format!("/api/v1/users/{}/devices/{device}", person.id),
            )
            .await;
        stack.sim.state().clear_faults();
        let case = format!("ts.devices.delete × {name}");
        // A deletion is three calls in a row: list, delete (never retried), list again.
        assert_eq!(stack.calls("ts.devices.delete"), 1, "{case}");
        assert_eq!(stack.calls("ts.devices.list"), 2, "{case}");
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
        if name == "timeout" {
            // The deadline ended the delete call, and the device is still listed (the
            // simulator holds the call back 5 s): it did not happen, as far as anyone can tell.
            assert_eq!(status, 504, "{case}: {body}");
        }
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
        let (status, content_type, body) =
            send(client.get(format!("{address}{path}")).bearer_auth(&bearer)).await;
        problem(status, content_type.as_deref(), &body, path);
        // Unavailable (503), not timed out (504): the refusal is reported, not waited out.
        assert_eq!(status, 503, "{path}: {body}");
    }
    let (_, _, events) = send(
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
