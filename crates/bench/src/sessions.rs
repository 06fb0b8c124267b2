//! Cookie sessions against bearer tokens, on SQLite and on PostgreSQL: the cached device list
//! read at 64 connections with an agent's session cookie, and with a bearer token, in
//! alternating rounds on the same server. A cookie request should not cost a database round trip
//! (validated sessions are cached), so it should come close to the bearer read on either engine.

use std::time::Duration;

use cs_testdb::TestDatabase;

use crate::cli::{Cli, WRK_DURATION};
use crate::report::{Report, mib, ms};
use crate::server::{AGENT_PASSWORD, PeakRss, Stack};
use crate::wrk;

/// Alternating rounds of cookie and bearer reads.
const ROUNDS: usize = 5;

/// What one engine measured.
struct Measured {
    ratio: f64,
    cookie_p99: Duration,
    peak_rss: u64,
    detail: String,
}

/// Runs the comparison on SQLite, then (unless `sqlite_only`) on a fresh PostgreSQL database.
pub async fn run(cli: &Cli, sqlite_only: bool) -> Result<Report, String> {
    let mut report = Report::new("Cookie sessions against bearer tokens");
    let sqlite = {
        let stack = Stack::start(cli).await?;
        let measured = measure(&stack).await;
        stack.stop().await;
        measured?
    };
    if sqlite_only {
        engine_rows(&mut report, "SQLite", &sqlite);
        return Ok(report);
    }
    let database = TestDatabase::create().await;
    let postgres = {
        let stack = Stack::start_on(cli, Some(database.url())).await?;
        let measured = measure(&stack).await;
        stack.stop().await;
        measured?
    };
    engine_rows(&mut report, "SQLite", &sqlite);
    engine_rows(&mut report, "PostgreSQL", &postgres);
    let growth = postgres.peak_rss as f64 / sqlite.peak_rss.max(1) as f64;
    report.row(
        "peak RSS on PostgreSQL ÷ on SQLite, during the rounds",
        format!(
            "{:.2} ({} vs {})",
            growth,
            mib(postgres.peak_rss),
            mib(sqlite.peak_rss)
        ),
        "≤ 1.10",
        growth <= 1.10,
    );
    Ok(report)
}

/// The throughput ratio and latency rows of one engine.
fn engine_rows(report: &mut Report, engine: &str, measured: &Measured) {
    report.row(
        &format!(
            "{engine}: cookie req/s ÷ bearer req/s, cached device list, 64 connections (median of {ROUNDS})"
        ),
        format!("{:.2} ({})", measured.ratio, measured.detail),
        "≥ 0.5",
        measured.ratio >= 0.5,
    );
    report.row(
        &format!("{engine}: cookie p99 (median of the rounds)"),
        ms(measured.cookie_p99),
        "< 5 ms",
        measured.cookie_p99 < Duration::from_millis(5),
    );
    report.row(
        &format!("{engine}: server peak RSS during the rounds"),
        mib(measured.peak_rss),
        "(compared across engines)",
        true,
    );
}

/// Logs in, warms the cache, then alternates cookie and bearer rounds.
async fn measure(stack: &Stack) -> Result<Measured, String> {
    let user = &stack.persons[0].id;
    let path = format!("{}/api/v1/users/{user}/devices", stack.base);
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{}/api/v1/session", stack.base))
        .json(&serde_json::json!({"username": "bench", "password": AGENT_PASSWORD}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !login.status().is_success() {
        return Err(format!(
            "the bench agent's login answered {}",
            login.status()
        ));
    }
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cs-session="))
        .and_then(|v| v.split(';').next())
        .ok_or("the login set no session cookie")?
        .to_owned();
    let cookie_header = format!("Cookie: {cookie}");
    let bearer_header = format!("Authorization: Bearer {}", stack.token);
    let warm = client
        .get(&path)
        .header("cookie", &cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !warm.status().is_success() {
        return Err(format!(
            "warming with the cookie answered {}",
            warm.status()
        ));
    }
    let pid = stack.pid().ok_or("the server has no pid")?;
    let memory = PeakRss::watch(pid, Duration::from_millis(50));
    let round = WRK_DURATION / 2;
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let with_cookie =
            wrk::run(&path, 64, round, std::slice::from_ref(&cookie_header), None).await?;
        let with_bearer =
            wrk::run(&path, 64, round, std::slice::from_ref(&bearer_header), None).await?;
        if with_cookie.errors > 0 || with_bearer.errors > 0 {
            return Err(format!(
                "errors during a round: cookie {}, bearer {}",
                with_cookie.errors, with_bearer.errors
            ));
        }
        rounds.push((with_cookie, with_bearer));
    }
    let peak_rss = memory.stop().await;
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|(c, b)| c.requests_per_sec / b.requests_per_sec)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let mut p99s: Vec<Duration> = rounds.iter().map(|(c, _)| c.p99).collect();
    p99s.sort_unstable();
    Ok(Measured {
        ratio: ratios[ratios.len() / 2],
        cookie_p99: p99s[p99s.len() / 2],
        peak_rss,
        detail: format!(
            "rounds cookie/bearer req/s: {}",
            rounds
                .iter()
                .map(|(c, b)| format!("{:.0}/{:.0}", c.requests_per_sec, b.requests_per_sec))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}
