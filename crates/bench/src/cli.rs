//! The command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// Benchmarks of Customer Service.
#[derive(Debug, Parser)]
#[command(name = "cs-bench")]
pub struct Cli {
    /// The server binary to measure.
    #[arg(long, default_value = "target/release/customer-service")]
    pub server_bin: PathBuf,
    /// End users the simulator seeds (cold-profile requests need one each).
    #[arg(long, default_value_t = 5000)]
    pub persons: usize,
    /// Server worker threads (and the bare endpoint's).
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// What to measure.
    #[command(subcommand)]
    pub command: Command,
}

/// The measurements.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The four goals: cold profile latency, cached throughput, stampede, memory.
    Goals,
    /// Scenarios 2 and 4 alone (cached throughput beside the bare endpoint, and memory): the quick
    /// loop while profiling the cached read.
    Cached,
    /// A fixed request rate with upstream errors injected, watching answers and memory.
    Soak(SoakArgs),
    /// Cookie sessions against bearer tokens on the cached device list, on SQLite and on a
    /// fresh PostgreSQL database (`$CS_TEST_POSTGRES_URL`, else 127.0.0.1:5432).
    Sessions {
        /// SQLite only (a server binary that knows no PostgreSQL, to compare with).
        #[arg(long)]
        sqlite_only: bool,
    },
    /// Hostile traffic: 300 logins with random usernames at once (memory, answers), and 300
    /// anonymous readiness checks against slow upstreams beside an agent's cached read.
    Hostile,
}

/// Options of `soak`.
#[derive(Debug, Clone, Args)]
pub struct SoakArgs {
    /// How long memory is watched, after the warm-up.
    #[arg(long, default_value = "60s", value_parser = humantime::parse_duration)]
    pub duration: Duration,
    /// How long the same load runs first, its answers checked too, while the caches fill up to
    /// their bounds (about three minutes at 100 requests/s over the seeded users).
    #[arg(long, default_value = "180s", value_parser = humantime::parse_duration)]
    pub warmup: Duration,
    /// Requests per second.
    #[arg(long, default_value_t = 100)]
    pub rate: u32,
    /// Share of upstream calls that fail with 500.
    #[arg(long, default_value_t = 0.05)]
    pub error_rate: f64,
}

/// How long each wrk run lasts.
pub const WRK_DURATION: Duration = Duration::from_secs(10);
