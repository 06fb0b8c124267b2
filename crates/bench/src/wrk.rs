//! Running `wrk` and reading its report.

use std::path::Path;
use std::time::Duration;

use tokio::process::Command;

/// What one wrk run measured.
#[derive(Debug, Clone, Copy)]
pub struct WrkResult {
    pub requests_per_sec: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub requests: u64,
    /// Non-2xx/3xx answers plus socket errors.
    pub errors: u64,
}

/// Fails with install advice when wrk is missing.
pub fn check_installed() -> Result<(), String> {
    match std::process::Command::new("wrk").arg("--version").output() {
        Ok(_) => Ok(()),
        Err(_) => Err(
            "wrk is not installed: `sudo apt-get install -y wrk` (or run `make bench`, which does)"
                .into(),
        ),
    }
}

/// Runs wrk against `url` with `connections`, an optional Lua script and headers.
pub async fn run(
    url: &str,
    connections: u32,
    duration: Duration,
    headers: &[String],
    script: Option<&Path>,
) -> Result<WrkResult, String> {
    let mut command = Command::new("wrk");
    command
        .arg("--latency")
        .arg(format!("-t{}", connections.clamp(1, 2)))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{}s", duration.as_secs()))
        .arg("--timeout")
        .arg("5s");
    for header in headers {
        command.arg("-H").arg(header);
    }
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .await
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse(&text).ok_or_else(|| format!("cannot read wrk's report:\n{text}"))
}

fn duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let seconds = match unit {
        "us" => value / 1e6,
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

fn parse(text: &str) -> Option<WrkResult> {
    let percentile = |name: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(duration)
    };
    let requests_per_sec = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let non_2xx: u64 = text
        .lines()
        .find(|l| l.contains("Non-2xx or 3xx responses:"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let socket: u64 = text
        .lines()
        .find(|l| l.contains("Socket errors:"))
        .map(|l| {
            l.split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Some(WrkResult {
        requests_per_sec,
        p50: percentile("50%")?,
        p99: percentile("99%")?,
        requests,
        errors: non_2xx + socket,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_wrk_report_is_read() {
        let report = "Running 10s test @ http://127.0.0.1:1/x
  2 threads and 64 connections
  Latency Distribution
     50%  412.00us
     75%  600.00us
     90%    1.20ms
     99%    3.51ms
  123456 requests in 10.00s, 20.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  12345.67
";
        let result = parse(report).unwrap();
        assert_eq!(result.p50, Duration::from_micros(412));
        assert_eq!(result.p99, Duration::from_micros(3510));
        assert_eq!(result.requests, 123_456);
        assert_eq!(result.errors, 7);
        assert!((result.requests_per_sec - 12345.67).abs() < 0.01);
    }
}
