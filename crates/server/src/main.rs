//! The `customer-service` binary: parses the command line and runs a subcommand.

use std::process::ExitCode;

use clap::Parser;
use cs_server::cli::{self, Cli};

/// mimalloc instead of the system allocator: a request allocates many small, short-lived
/// buffers, and glibc's malloc showed as a tenth of the CPU profile of a cached read.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    cli::run(Cli::parse()).await
}
