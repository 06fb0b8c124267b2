//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

/// Options of `demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Address Customer Service listens on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Address the simulator listens on (a free port by default).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub sim_listen: SocketAddr,
    /// How many end users the simulator seeds.
    #[arg(long, default_value_t = 1000)]
    pub persons: usize,
    /// Seed of the simulator's data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}
