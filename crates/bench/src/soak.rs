//! The soak: a fixed request rate for a while with upstream errors injected. Every answer must be
//! one the API documents for that failure, and memory must stay flat.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::cli::SoakArgs;
use crate::report::{Report, mib, ms};
use crate::server::{Stack, rss_bytes};

#[derive(Default)]
struct Tally {
    /// (endpoint, status) → count; status 0 for a request that got no answer.
    answers: BTreeMap<(&'static str, u16), u64>,
    unexpected: u64,
    latencies: Vec<Duration>,
}

/// Whether `status` is an answer the API documents for `endpoint` when upstreams fail.
fn expected(endpoint: &str, status: u16) -> bool {
    match endpoint {
        // The person is required; devices and events degrade to `unavailable`.
        "profile" | "devices" => matches!(status, 200 | 502 | 503 | 504),
        // Both event sources degrade to `unavailable`.
        "events" => status == 200,
        // CIM is required; device counts degrade.
        "search" => matches!(status, 200 | 502 | 503 | 504),
        _ => false,
    }
}

/// Runs the soak.
pub async fn run(stack: &Stack, args: &SoakArgs) -> Result<Report, String> {
    stack.faults(
        serde_json::json!([{ "route": "*", "error_status": 500, "error_rate": args.error_rate }]),
    )?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let pid = stack.pid().ok_or("the server has no pid")?;
    let mut memory = Vec::new();
    let mut ticker =
        tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(args.rate.max(1))));
    let started = Instant::now();
    let mut next_sample = started;
    let mut tasks = Vec::new();
    let mut n: usize = 0;
    let end = args.warmup + args.duration;
    while started.elapsed() < end {
        ticker.tick().await;
        if Instant::now() >= next_sample {
            memory.push((started.elapsed(), rss_bytes(pid).unwrap_or(0)));
            next_sample += Duration::from_secs(5);
        }
        let person = &stack.persons[(n / 4) % stack.persons.len()];
        let (endpoint, path) = match n % 4 {
            0 => ("profile", format!("/api/v1/users/{}", person.id)),
            1 => ("devices", format!("/api/v1/users/{}/devices", person.id)),
            2 => (
                "events",
                format!("/api/v1/users/{}/events?limit=20", person.id),
            ),
            _ => (
                "search",
                format!(
                    "/api/v1/users?email={}",
                    person
                        .emails
                        .first()
                        .map(String::as_str)
                        .unwrap_or("x@example.com")
                ),
            ),
        };
        n += 1;
        let (client, tally, url, token) = (
            client.clone(),
            Arc::clone(&tally),
            format!("{}{path}", stack.base),
            stack.token.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let answer = client.get(url).bearer_auth(token).send().await;
            let elapsed = sent.elapsed();
            let (status, problem_body) = match answer {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let problem = response
                        .headers()
                        .get("content-type")
                        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
                    (status, status < 400 || problem)
                }
                Err(_) => (0, false),
            };
            let mut tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
            *tally.answers.entry((endpoint, status)).or_default() += 1;
            if !(expected(endpoint, status) && problem_body) {
                tally.unexpected += 1;
            }
            tally.latencies.push(elapsed);
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    memory.push((started.elapsed(), rss_bytes(pid).unwrap_or(0)));
    stack.faults(serde_json::json!([]))?;

    let mut tally = std::mem::take(&mut *tally.lock().unwrap_or_else(PoisonError::into_inner));
    tally.latencies.sort_unstable();
    let total = tally.latencies.len();
    let percentile = |p: f64| {
        tally
            .latencies
            .get(((total as f64 * p) as usize).min(total.saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let mut report = Report::new(&format!(
        "Soak: {} s after a {} s warm-up at {} requests/s, {:.0} % of upstream calls failing with 500",
        args.duration.as_secs(),
        args.warmup.as_secs(),
        args.rate,
        args.error_rate * 100.0
    ));
    report.row(
        "answers outside the documented ones",
        tally.unexpected.to_string(),
        "0",
        tally.unexpected == 0,
    );
    // The caches fill up to their bounds during the warm-up, and the allocator takes and returns
    // memory in steps of several MiB, so single samples swing. A leak makes new highs: the figure
    // is how far the measured period's peak rises above the warm-up's.
    let (warm_up, measured): (Vec<_>, Vec<_>) = memory.iter().partition(|(t, _)| *t < args.warmup);
    let warm_peak = warm_up.iter().map(|(_, m)| *m).max().unwrap_or(0);
    let measured_peak = measured.iter().map(|(_, m)| *m).max().unwrap_or(0);
    let measured_low = measured.iter().map(|(_, m)| *m).min().unwrap_or(0);
    let growth = measured_peak.saturating_sub(warm_peak);
    report.row(
        &format!(
            "RSS peak of the {} s after the warm-up, above the warm-up's peak",
            args.duration.as_secs()
        ),
        format!(
            "{} (warm-up peak {}; after it {} to {})",
            mib(growth),
            mib(warm_peak),
            mib(measured_low),
            mib(measured_peak)
        ),
        "flat: < 8 MiB",
        growth < 8 * 1024 * 1024,
    );
    report.note(format!(
        "RSS at the start {}: the warm-up fills the caches to their bounds",
        mib(memory.first().map(|(_, m)| *m).unwrap_or(0)),
    ));
    report.row(
        "latency p50 / p99",
        format!("{} / {}", ms(percentile(0.5)), ms(percentile(0.99))),
        "(reported)",
        true,
    );
    report.note(format!("{total} requests sent (warm-up included)"));
    for ((endpoint, status), count) in &tally.answers {
        report.note(format!(
            "{endpoint}: {count} × {}",
            if *status == 0 {
                "no answer".to_owned()
            } else {
                status.to_string()
            }
        ));
    }
    report.note(format!(
        "RSS samples every 5 s: {}",
        memory
            .iter()
            .map(|(_, m)| mib(*m))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(report)
}
