//! The command line.

mod database;
pub mod demo;

pub use database::{AuditCommand, MigrateArgs};

use std::io::BufRead as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::{Application, Settings, openapi, telemetry};

/// Customer Service: find end users, see and delete their mobile devices, read their security
/// events, over Onegini CIM and the Onegini Token Server.
#[derive(Debug, Parser)]
#[command(name = "customer-service", version)]
pub struct Cli {
    /// A TOML settings file; `CS__SECTION__KEY` environment variables override it.
    #[arg(long, global = true, env = "CS_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve against the upstreams in the settings.
    Serve,
    /// Start the Onegini simulator in-process and serve against it: a working demo in one command.
    Demo(DemoArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Read a password from standard input and print its Argon2id hash for the accounts file.
    HashPassword,
    /// Print a bearer token for a demo agent, signed with the demo's key.
    Token(TokenArgs),
    /// Bring the database's schema up to date (`serve` does so too), or copy a SQLite database
    /// into a new PostgreSQL one (`--from <path> --to <postgres url>`).
    Migrate(MigrateArgs),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
}

/// Options of `demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Address Customer Service listens on (loopback only, unless --allow-remote).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Address the simulator listens on (a free loopback port by default).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub sim_listen: SocketAddr,
    /// How many end users the simulator seeds.
    #[arg(long, default_value_t = 1000)]
    pub persons: usize,
    /// Seed of the simulator's data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where the demo keeps its database and signing key.
    #[arg(long, default_value = ".demo")]
    pub data_dir: PathBuf,
    /// Listen on a non-loopback address. The demo agents' password is `demo`: only for a
    /// network you trust.
    #[arg(long)]
    pub allow_remote: bool,
}

/// Options of `token`.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// The demo agent: `agent`, `viewer` or `supervisor`.
    #[arg(long)]
    pub agent: String,
    /// How long the token is valid, e.g. `1h`, `30m`.
    #[arg(long, default_value = "1h", value_parser = humantime::parse_duration)]
    pub ttl: Duration,
    /// The demo's data directory (as given to `demo`).
    #[arg(long, default_value = ".demo")]
    pub data_dir: PathBuf,
}

/// Runs the command `cli` names; the process's exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Openapi => {
            print!("{}", openapi::openapi_json());
            Ok(())
        }
        Command::HashPassword => hash_password(),
        Command::Token(args) => demo::token(&args)
            .map(|token| println!("{token}"))
            .map_err(|e| e.to_string()),
        Command::Serve => match load(cli.config.as_deref()) {
            Ok(settings) => serve(&settings).await,
            Err(code) => return code,
        },
        Command::Migrate(args) => match load(cli.config.as_deref()) {
            Ok(settings) => database::migrate(args, &settings).await,
            Err(code) => return code,
        },
        Command::Audit(command) => match load(cli.config.as_deref()) {
            Ok(settings) => match database::audit(command, &settings).await {
                Ok(true) => Ok(()),
                Ok(false) => return ExitCode::FAILURE,
                Err(error) => Err(error),
            },
            Err(code) => return code,
        },
        Command::Demo(args) => match load(cli.config.as_deref()) {
            Ok(settings) => demo::run(args, settings).await.map_err(|e| e.to_string()),
            Err(code) => return code,
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("customer-service: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The settings, with logging installed; exit code 2 when they are unusable.
fn load(config: Option<&std::path::Path>) -> Result<Settings, ExitCode> {
    match Settings::load(config) {
        Ok(settings) => {
            telemetry::init(&settings.log);
            Ok(settings)
        }
        Err(error) => {
            eprintln!("customer-service: {error}");
            Err(ExitCode::from(2))
        }
    }
}

async fn serve(settings: &Settings) -> Result<(), String> {
    let app = Application::build(settings)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(port = app.port(), "serving");
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

fn hash_password() -> Result<(), String> {
    eprintln!("Password (read from standard input, one line):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err("the password is empty".into());
    }
    let hash = cs_auth::password::hash_password(password).map_err(|e| e.to_string())?;
    println!("{hash}");
    Ok(())
}
