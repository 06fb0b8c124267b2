//! `onegini-sim`: serves the simulated Onegini Token Server and CIM APIs until Ctrl-C/SIGTERM.

mod cli;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use onegini_sim::{Api, RunningSim, SimSettings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let filter = EnvFilter::try_new(&cli.log).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr so stdout carries only the banner.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();

    let settings = cli.settings();
    let started = Instant::now();
    let sim = match RunningSim::start(settings.clone()).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("onegini-sim: cannot start on {}: {e}", settings.listen);
            return ExitCode::FAILURE;
        }
    };
    print_banner(&sim, &settings, started.elapsed().as_millis());

    wait_for_shutdown().await;
    eprintln!("onegini-sim: stopping");
    sim.stop().await;
    ExitCode::SUCCESS
}

fn print_banner(sim: &RunningSim, settings: &SimSettings, ready_ms: u128) {
    let samples: Vec<String> = sim
        .sample_persons(3)
        .into_iter()
        .filter_map(|p| p.emails.into_iter().next())
        .collect();
    println!(
        "onegini-sim ready in {ready_ms} ms: seed {}, {} persons",
        settings.seed, settings.persons
    );
    println!(
        "  Token Server  {}  (user {} / password {})",
        sim.token_server_url(),
        settings.token_server_user,
        settings.token_server_password
    );
    println!(
        "  CIM           {}  (user {} / password {})",
        sim.cim_url(),
        settings.cim_user,
        settings.cim_password
    );
    for api in Api::ALL {
        let own = settings.api_credentials(api);
        let product = match api {
            Api::CimPerson | Api::CimEvents | Api::CimConfiguration => {
                Some((settings.cim_user.as_str(), settings.cim_password.as_str()))
            }
            Api::TokenServerEndUser | Api::TokenServerEvents => Some((
                settings.token_server_user.as_str(),
                settings.token_server_password.as_str(),
            )),
            // Never the product's pair, so always worth showing.
            Api::TokenServerMobileAuthentication => None,
        };
        if product != Some(own) {
            println!(
                "    {:<12} its own credentials (user {} / password {})",
                api.as_str(),
                own.0,
                own.1
            );
        }
    }
    println!(
        "  OIDC issuer   {}  (client {} / secret {}; agents agent, viewer, supervisor / password demo)",
        sim.oidc_issuer_url(),
        settings.oidc_client_id,
        settings.oidc_client_secret
    );
    println!("  Sample e-mail addresses: {}", samples.join(", "));
    println!(
        "  Controls      {}/_sim/  (persons, faults, stats, routes, reset, push)",
        sim.base_url()
    );
    println!(
        "  Phone         {}/_sim/phone  (answer mobile authentication requests, valid {} s)",
        sim.base_url(),
        settings.push_validity_seconds
    );
    let variants = vendor_variants(settings);
    if !variants.is_empty() {
        println!("  Variants      {}", variants.join(", "));
    }
    if !settings.faults.is_empty() {
        println!("  Fault rules   {}", settings.faults.len());
    }
}

/// The vendor variants that differ from the defaults, as `flag value` pairs.
fn vendor_variants(settings: &SimSettings) -> Vec<String> {
    let defaults = SimSettings::default();
    let mut out = Vec::new();
    let mut differs = |flag: &str, value: String, default: String| {
        if value != default {
            out.push(format!("--{flag} {value}"));
        }
    };
    differs(
        "migration-status",
        settings.migration_status.to_string(),
        defaults.migration_status.to_string(),
    );
    differs(
        "migration-not-found",
        settings.migration_not_found.as_str().to_owned(),
        defaults.migration_not_found.as_str().to_owned(),
    );
    differs(
        "person-search",
        settings.person_search.to_string(),
        defaults.person_search.to_string(),
    );
    differs(
        "cim-events-user-param",
        settings.cim_events_user_param.as_str().to_owned(),
        defaults.cim_events_user_param.as_str().to_owned(),
    );
    differs(
        "cim-events-order",
        settings.cim_events_order.as_str().to_owned(),
        defaults.cim_events_order.as_str().to_owned(),
    );
    differs(
        "ts-events-order",
        settings.ts_events_order.as_str().to_owned(),
        defaults.ts_events_order.as_str().to_owned(),
    );
    differs(
        "windows-devices-percent",
        settings.windows_devices_percent.to_string(),
        defaults.windows_devices_percent.to_string(),
    );
    out
}

async fn wait_for_shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
