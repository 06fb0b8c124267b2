//! The system under test: onegini-sim in-process and `customer-service` as a child process.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cs_auth::keys::{KeyAlgorithm, MintClaims, SigningKey};
use onegini_sim::{FaultRule, PersonSummary, RunningSim, SimSettings};
use tokio::process::{Child, Command};

use crate::cli::{self, Cli};

const ISSUER: &str = "cs-bench";
const AUDIENCE: &str = "customer-service";

/// A running simulator and server, with a token to call the server.
pub struct Stack {
    pub sim: RunningSim,
    pub server: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// A full-access agent's bearer token.
    pub token: String,
    pub persons: Vec<PersonSummary>,
    pub workers: usize,
    dir: PathBuf,
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The password of the agent `bench`, who logs in for cookie sessions.
pub const AGENT_PASSWORD: &str = "bench-agent-password";

#[allow(clippy::too_many_arguments)]
fn config(
    sim: &RunningSim,
    settings: &SimSettings,
    port: u16,
    workers: usize,
    dir: &std::path::Path,
    key: &SigningKey,
    failures_per_address: u32,
    database: &str,
    cli_command: &cli::Command,
) -> String {
    format!(
        r#"[server]
listen = "127.0.0.1:{port}"
workers = {workers}
[cim]
base_url = "{cim}"
username = "{cim_user}"
password = "{cim_password}"
[token_server]
base_url = "{ts}"
username = "{ts_user}"
password = "{ts_password}"
[auth]
database = "{database}"
{accounts}secure_cookies = false
login_failures_per_address = {failures_per_address}
[bearer]
enabled = true
issuer = "{ISSUER}"
audience = "{AUDIENCE}"
public_keys = ['''
{pem}''']
[log]
filter = "warn"
"#,
        cim = sim.cim_url(),
        cim_user = settings.cim_user,
        cim_password = settings.cim_password,
        ts = sim.token_server_url(),
        ts_user = settings.token_server_user,
        ts_password = settings.token_server_password,
        // Only where an agent logs in: the other scenarios measure what they always did.
        accounts = if matches!(cli_command, cli::Command::Sessions { .. }) {
            format!(
                "accounts_file = \"{}\"\n",
                dir.join("accounts.toml").display()
            )
        } else {
            String::new()
        },
        pem = key.public_pem(),
    )
}

/// The login limit per address: the default, except where hostile traffic is measured, which
/// stands for a spray from many addresses, so the limit is out of the way and only the bound on
/// password checks stands.
fn failures_per_address(cli: &Cli) -> u32 {
    match cli.command {
        cli::Command::Hostile => 1_000_000,
        _ => 20,
    }
}

impl Stack {
    /// Starts everything and waits until the server answers.
    pub async fn start(cli: &Cli) -> Result<Stack, String> {
        Self::start_on(cli, None).await
    }

    /// Like [`Stack::start`], with the server's database at `database` (a PostgreSQL URL)
    /// rather than a SQLite file of its own.
    pub async fn start_on(cli: &Cli, database: Option<&str>) -> Result<Stack, String> {
        if !cli.server_bin.is_file() {
            return Err(format!(
                "{} not found: build it with `cargo build --release --bin customer-service`",
                cli.server_bin.display()
            ));
        }
        let dir = std::env::temp_dir().join(format!(
            "cs-bench-{}-{}",
            std::process::id(),
            database.map_or("sqlite", |_| "postgres")
        ));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let hash = cs_auth::password::hash_password(AGENT_PASSWORD).map_err(|e| e.to_string())?;
        std::fs::write(
            dir.join("accounts.toml"),
            format!(
                "[[agents]]\nusername = \"bench\"\ndisplay_name = \"Benchmark\"\npassword_hash = \"{hash}\"\nauthorities = [\"USERS_ALL\"]\n"
            ),
        )
        .map_err(|e| e.to_string())?;
        let sqlite = dir.join("bench.db").display().to_string();
        let database = database.unwrap_or(&sqlite);
        let settings = SimSettings {
            listen: "127.0.0.1:0"
                .parse()
                .map_err(|e: std::net::AddrParseError| e.to_string())?,
            persons: cli.persons,
            ..SimSettings::default()
        };
        let sim = RunningSim::start(settings.clone())
            .await
            .map_err(|e| format!("simulator: {e}"))?;
        let key =
            SigningKey::generate(KeyAlgorithm::EdDsa, "pending").map_err(|e| e.to_string())?;
        let kid = key.thumbprint();
        let key = key.with_kid(kid);
        let port = free_port()?;
        let config_path = dir.join("settings.toml");
        std::fs::write(
            &config_path,
            config(
                &sim,
                &settings,
                port,
                cli.workers,
                &dir,
                &key,
                failures_per_address(cli),
                database,
                &cli.command,
            ),
        )
        .map_err(|e| e.to_string())?;
        let log = std::fs::File::create(dir.join("server.log")).map_err(|e| e.to_string())?;
        let server = Command::new(&cli.server_bin)
            // As the image runs it (Dockerfile): mimalloc commits whole arenas up front unless
            // told not to, which costs ~15 MiB of resident memory for nothing.
            .env("MIMALLOC_ARENA_EAGER_COMMIT", "0")
            .arg("--config")
            .arg(&config_path)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("{}: {e}", cli.server_bin.display()))?;
        let token = key
            .mint(&MintClaims {
                issuer: ISSUER.into(),
                audience: AUDIENCE.into(),
                subject: "bench".into(),
                name: Some("Benchmark".into()),
                authorities: vec!["USERS_ALL".into()],
                authorities_claim: "authorities".into(),
                ttl: Duration::from_secs(3600),
                not_before: None,
            })
            .map_err(|e| e.to_string())?;
        let persons = sim.state().persons(cli.persons);
        let stack = Stack {
            sim,
            server,
            base: format!("http://127.0.0.1:{port}"),
            token,
            persons,
            workers: cli.workers,
            dir,
        };
        stack.wait_ready().await?;
        Ok(stack)
    }

    async fn wait_ready(&self) -> Result<(), String> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(response) = client.get(format!("{}/healthz", self.base)).send().await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        Err(format!("the server did not become ready; its log:\n{log}"))
    }

    /// The server's process id.
    pub fn pid(&self) -> Option<u32> {
        self.server.id()
    }

    /// Replaces the simulator's faults.
    pub fn faults(&self, rules: serde_json::Value) -> Result<(), String> {
        let rules: Vec<FaultRule> = serde_json::from_value(rules).map_err(|e| e.to_string())?;
        self.sim
            .state()
            .try_set_faults(rules)
            .map_err(|e| e.to_string())
    }

    /// Stops the server (SIGTERM, then kill) and the simulator.
    pub async fn stop(mut self) {
        if let Some(pid) = self.server.id() {
            let _ = std::process::Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
        }
        if tokio::time::timeout(Duration::from_secs(10), self.server.wait())
            .await
            .is_err()
        {
            let _ = self.server.kill().await;
        }
        self.sim.stop().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Where scratch files go.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

/// The resident set size of a process now, in bytes (Linux `/proc`).
pub fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The highest resident set size of a process seen while it is watched.
pub struct PeakRss {
    peak: Arc<AtomicU64>,
    watching: Arc<AtomicBool>,
    sampler: tokio::task::JoinHandle<()>,
}

impl PeakRss {
    /// Starts sampling `pid` every `every`.
    pub fn watch(pid: u32, every: Duration) -> PeakRss {
        let peak = Arc::new(AtomicU64::new(rss_bytes(pid).unwrap_or(0)));
        let watching = Arc::new(AtomicBool::new(true));
        let sampler = {
            let (peak, watching) = (Arc::clone(&peak), Arc::clone(&watching));
            tokio::spawn(async move {
                while watching.load(Ordering::Relaxed) {
                    if let Some(rss) = rss_bytes(pid) {
                        peak.fetch_max(rss, Ordering::Relaxed);
                    }
                    tokio::time::sleep(every).await;
                }
            })
        };
        PeakRss {
            peak,
            watching,
            sampler,
        }
    }

    /// Stops sampling; the peak seen, in bytes.
    pub async fn stop(self) -> u64 {
        self.watching.store(false, Ordering::Relaxed);
        let _ = self.sampler.await;
        self.peak.load(Ordering::Relaxed)
    }
}
