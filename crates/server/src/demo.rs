//! `customer-service demo`: the simulator in-process, and the server against it.

use std::path::Path;

use onegini_sim::{RunningSim, SimSettings};
use secrecy::SecretString;

use crate::cli::DemoArgs;
use crate::settings::Settings;
use crate::startup::{Application, StartError};

/// Where `make run` builds the SPA; served when present and no other directory is configured.
const DEFAULT_STATIC_DIR: &str = "frontend/dist";

/// Why the demo could not run.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The simulator could not start.
    #[error("the simulator could not start on {address}: {source}")]
    Simulator {
        /// Where it tried to listen.
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// The server could not start.
    #[error(transparent)]
    Start(#[from] StartError),
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Serve(#[from] std::io::Error),
}

/// Points the upstream settings at a running simulator.
pub fn point_at_simulator(settings: &mut Settings, sim: &RunningSim, sim_settings: &SimSettings) {
    let url = |text: String| text.parse().ok();
    let cim = &mut settings.cim;
    cim.base_url = url(sim.cim_url());
    cim.username = Some(sim_settings.cim_user.clone());
    cim.password = Some(SecretString::from(sim_settings.cim_password.clone()));
    let token_server = &mut settings.token_server;
    token_server.base_url = url(sim.token_server_url());
    token_server.username = Some(sim_settings.token_server_user.clone());
    token_server.password = Some(SecretString::from(
        sim_settings.token_server_password.clone(),
    ));
}

/// Runs the demo until Ctrl-C.
pub async fn run(args: DemoArgs, mut settings: Settings) -> Result<(), DemoError> {
    let sim_settings = SimSettings {
        listen: args.sim_listen,
        seed: args.seed,
        persons: args.persons,
        ..SimSettings::default()
    };
    let sim = RunningSim::start(sim_settings.clone())
        .await
        .map_err(|source| DemoError::Simulator {
            address: args.sim_listen.to_string(),
            source,
        })?;
    point_at_simulator(&mut settings, &sim, &sim_settings);
    settings.server.listen = args.listen;
    if settings.server.static_dir.is_none()
        && Path::new(DEFAULT_STATIC_DIR).join("index.html").is_file()
    {
        settings.server.static_dir = Some(DEFAULT_STATIC_DIR.into());
    }
    let app = Application::build(&settings)?;
    let url = format!("http://{}:{}", args.listen.ip(), app.port());
    println!("Customer Service demo is running.");
    if settings.server.static_dir.is_some() {
        println!("  Open            {url}/");
    } else {
        println!("  Open            {url}/  (no SPA: build it with `npm run build` in frontend/)");
    }
    println!("  API docs        {url}/swagger-ui/");
    println!(
        "  Simulator       {} (Token Server at {})",
        sim.cim_url(),
        sim.token_server_url()
    );
    println!("  Try searching for:");
    for person in sim.sample_persons(3) {
        if let Some(email) = person.emails.first() {
            println!(
                "    {email}  ({}, {} devices)",
                person.display_name, person.devices
            );
        }
    }
    println!("Press Ctrl-C to stop.");
    let served = app.run_until_stopped().await;
    sim.stop().await;
    Ok(served?)
}
