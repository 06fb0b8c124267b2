//! Hostile traffic: anonymous requests must neither exhaust the server nor starve agents.
//!
//! 1. Three hundred logins at once, each with a random username (a password spray from many
//!    addresses: the per-address limit is set out of the way, so only the bound on password
//!    checks stands). Every answer must be 401, 429 or 503 within 5 s, and the server's resident
//!    memory must stay within 128 MiB (each Argon2 check holds 19 MiB).
//! 2. With every upstream route 3 s slow, three hundred anonymous `/readyz` at once, and an
//!    agent's cached read in the middle of them: it must answer 200 in under 50 ms.

use std::time::{Duration, Instant};

use crate::report::{Report, mib, ms};
use crate::server::{PeakRss, Stack, rss_bytes};

/// Logins (and readiness checks) sent at once.
const AT_ONCE: usize = 300;
/// The slowest answer allowed to a login.
const LOGIN_DEADLINE: Duration = Duration::from_secs(5);
/// The most resident memory allowed while logins are refused.
const MEMORY_LIMIT: u64 = 128 * 1024 * 1024;
/// How slow every upstream route is while readiness is hammered.
const UPSTREAM_DELAY_MS: u64 = 3_000;
/// The slowest cached read allowed meanwhile.
const CACHED_READ_LIMIT: Duration = Duration::from_millis(50);

/// Runs both scenarios.
pub async fn run(stack: &Stack) -> Result<Report, String> {
    let mut report = Report::new("Hostile traffic");
    logins(stack, &mut report).await?;
    readiness(stack, &mut report).await?;
    Ok(report)
}

/// A client with a connection per request, as that many attackers would have.
fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(AT_ONCE)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())
}

async fn logins(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let pid = stack.pid().ok_or("the server has no pid")?;
    let before = rss_bytes(pid).unwrap_or(0);
    let memory = PeakRss::watch(pid, Duration::from_millis(5));
    let client = client()?;
    let url = format!("{}/api/v1/session", stack.base);
    let answers = futures::future::join_all((0..AT_ONCE).map(|i| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let started = Instant::now();
            let status = client
                .post(&url)
                .json(&serde_json::json!({
                    "username": format!("sprayed-{i}-{}", std::process::id()),
                    "password": "Winter2026!"
                }))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .ok();
            (status, started.elapsed())
        }
    }))
    .await;
    // Memory freed by the checks shows later, if at all: keep watching a moment.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let peak = memory.stop().await;
    let count = |wanted: u16| answers.iter().filter(|(s, _)| *s == Some(wanted)).count();
    let (refused, throttled, busy) = (count(401), count(429), count(503));
    let slowest = answers.iter().map(|(_, d)| *d).max().unwrap_or_default();
    let others = AT_ONCE - refused - throttled - busy;
    report.row(
        "5. 300 logins at once: answers other than 401/429/503",
        others.to_string(),
        "0",
        others == 0,
    );
    report.row(
        "5. 300 logins at once: slowest answer",
        ms(slowest),
        "≤ 5 s",
        slowest <= LOGIN_DEADLINE,
    );
    report.row(
        "5. 300 logins at once: peak RSS",
        mib(peak),
        "≤ 128 MiB",
        peak <= MEMORY_LIMIT,
    );
    report.note(format!(
        "logins: {refused} × 401 (checked), {throttled} × 429, {busy} × 503 (no place to check); RSS before {}",
        mib(before)
    ));
    Ok(())
}

async fn readiness(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let user = &stack.persons[1].id;
    let devices = format!("{}/api/v1/users/{user}/devices", stack.base);
    let client = client()?;
    let warm = client
        .get(&devices)
        .bearer_auth(&stack.token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !warm.status().is_success() {
        return Err(format!("warming the cache answered {}", warm.status()));
    }
    stack.faults(serde_json::json!([{ "route": "*", "latency_ms": UPSTREAM_DELAY_MS }]))?;
    stack.sim.state().reset_stats();
    let readyz = format!("{}/readyz", stack.base);
    let checks = futures::future::join_all((0..AT_ONCE).map(|_| client.get(&readyz).send()));
    let agent = async {
        // While the checks are out.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        let answer = client.get(&devices).bearer_auth(&stack.token).send().await;
        (answer.map(|r| r.status().as_u16()).ok(), started.elapsed())
    };
    let (checks, (status, took)) = tokio::join!(checks, agent);
    stack.faults(serde_json::json!([]))?;
    let probes: u64 = stack.sim.state().stats().values().sum();
    report.row(
        "6. agent's cached read during 300 /readyz (upstreams +3 s): status",
        status.map_or_else(|| "no answer".to_owned(), |s| s.to_string()),
        "200",
        status == Some(200),
    );
    report.row(
        "6. agent's cached read during 300 /readyz: latency",
        ms(took),
        "< 50 ms",
        took < CACHED_READ_LIMIT,
    );
    let answered = checks.iter().filter(|c| c.is_ok()).count();
    report.note(format!(
        "readiness: {answered} of {AT_ONCE} answered; the upstreams saw {probes} calls meanwhile"
    ));
    Ok(())
}
