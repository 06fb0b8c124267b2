//! The `customer-service` binary: parses the command line and runs a subcommand.

use std::io::BufRead as _;
use std::process::ExitCode;

use clap::Parser;
use cs_server::cli::{Cli, Command};
use cs_server::{Application, Settings, demo, openapi, telemetry};

/// mimalloc instead of the system allocator: a request allocates many small, short-lived
/// buffers, and glibc's malloc showed as a tenth of the CPU profile of a cached read.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
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
