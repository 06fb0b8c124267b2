//! `cs-bench`: measures Customer Service against the goals in BENCHMARKS.md, in one run.
//!
//! It starts onegini-sim in-process, the release `customer-service` binary as a child process
//! (so its memory is its own), and drives both with `wrk` (load, latency percentiles) and its own
//! HTTP client (stampede, soak). Every figure is printed with its goal.

mod bare;
mod cli;
mod hostile;
mod report;
mod scenarios;
mod server;
mod sessions;
mod soak;
mod wrk;

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run(cli).await {
        Ok(met) => {
            if met {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("cs-bench: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: cli::Cli) -> Result<bool, String> {
    wrk::check_installed()?;
    if let cli::Command::Sessions { sqlite_only } = cli.command {
        // Stacks of its own, one per engine.
        let report = sessions::run(&cli, sqlite_only).await?;
        println!("{}", report.markdown());
        return Ok(report.all_met());
    }
    let stack = server::Stack::start(&cli).await?;
    let result = match cli.command {
        cli::Command::Goals => scenarios::goals(&stack, &cli).await,
        cli::Command::Cached => scenarios::cached(&stack).await,
        cli::Command::Soak(ref soak) => soak::run(&stack, soak).await,
        cli::Command::Hostile => hostile::run(&stack).await,
        cli::Command::Sessions { .. } => unreachable!("handled above"),
    };
    stack.stop().await;
    let report = result?;
    println!("{}", report.markdown());
    Ok(report.all_met())
}
