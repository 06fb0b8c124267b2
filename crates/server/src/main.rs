//! The `customer-service` binary: parses the command line and runs a subcommand.

use std::process::ExitCode;

use clap::Parser;
use cs_server::cli::{Cli, Command};
use cs_server::{Application, Settings, demo, openapi, telemetry};

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", openapi::openapi_json());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("customer-service: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings.log);
    let outcome = match cli.command {
        Command::Serve => serve(&settings).await,
        Command::Demo(args) => demo::run(args, settings).await.map_err(|e| e.to_string()),
        Command::Openapi => Ok(()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("customer-service: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: &Settings) -> Result<(), String> {
    let app = Application::build(settings).map_err(|e| e.to_string())?;
    tracing::info!(port = app.port(), "serving");
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
