//! `customer-service demo`: the simulator in-process, three demo agents, a demo signing key for
//! bearer tokens, single sign-on through the simulator's OIDC provider, and the server against
//! it all.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use cs_auth::keys::{KeyAlgorithm, KeyError, MintClaims, SigningKey};
use cs_auth::{Accounts, AccountsError};
use cs_upstream::{ApiConnection, SearchStrategies, SearchStrategy};
use onegini_sim::{Api, RunningSim, SimSettings};
use secrecy::SecretString;

use crate::cli::{DemoArgs, TokenArgs};
use crate::config::Settings;
use crate::startup::{Application, StartError};

/// Where `make run` builds the SPA; served when present and no other directory is configured.
const DEFAULT_STATIC_DIR: &str = "frontend/dist";
/// The issuer of demo tokens.
pub const DEMO_ISSUER: &str = "customer-service-demo";
/// The audience of demo tokens.
pub const DEMO_AUDIENCE: &str = "customer-service";
const KEY_FILE: &str = "demo-signing-key.pem";
const KEY_ID: &str = "demo-1";

/// Why the demo could not run.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Refused to listen beyond loopback.
    #[error(
        "the demo listens on loopback only (its agents' password is `demo`); pass --allow-remote to listen on {0}"
    )]
    NotLoopback(String),
    /// The simulator could not start.
    #[error("the simulator could not start on {address}: {source}")]
    Simulator {
        /// Where it tried to listen.
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// The data directory or key file could not be used.
    #[error("{path}: {source}")]
    Files {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The signing key is unusable.
    #[error("the demo signing key: {0}")]
    Key(#[from] KeyError),
    /// The demo agents could not be made.
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    /// No such demo agent.
    #[error("there is no demo agent {0:?}; the demo agents are agent, viewer and supervisor")]
    UnknownAgent(String),
    /// The server could not start.
    #[error(transparent)]
    Start(#[from] StartError),
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Serve(std::io::Error),
}

fn files(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |source| DemoError::Files {
        path: path.display().to_string(),
        source,
    }
}

/// Points the upstream settings at a running simulator, each API with the pair the simulator
/// wants for it (its own where it has one).
pub fn point_at_simulator(settings: &mut Settings, sim: &RunningSim, sim_settings: &SimSettings) {
    let url = |text: String| text.parse().ok();
    let pair = |api: Api| {
        let (user, password) = sim_settings.api_credentials(api);
        ApiConnection {
            base_url: None,
            username: Some(user.to_owned()),
            password: Some(SecretString::from(password.to_owned())),
        }
    };
    let cim = &mut settings.cim;
    cim.base_url = url(sim.cim_url());
    cim.username = Some(sim_settings.cim_user.clone());
    cim.password = Some(SecretString::from(sim_settings.cim_password.clone()));
    cim.persons_api = pair(Api::CimPerson);
    cim.events_api = pair(Api::CimEvents);
    cim.configuration_api = pair(Api::CimConfiguration);
    let token_server = &mut settings.token_server;
    token_server.base_url = url(sim.token_server_url());
    token_server.username = Some(sim_settings.token_server_user.clone());
    token_server.password = Some(SecretString::from(
        sim_settings.token_server_password.clone(),
    ));
    token_server.end_user_api = pair(Api::TokenServerEndUser);
    token_server.events_api = pair(Api::TokenServerEvents);
    token_server.mobile_authentication_api = pair(Api::TokenServerMobileAuthentication);
}

/// The identity provider's name on the demo's single sign-on button ("Sign in with onegini-sim").
pub const DEMO_SSO_LABEL: &str = "onegini-sim";

/// Our SSO callback as the browser reaches it when we listen on `listen`; `None` for port 0,
/// whose real port is known only once bound (after the provider must know it).
pub fn sso_redirect_url(listen: SocketAddr) -> Option<String> {
    (listen.port() != 0).then(|| format!("http://{listen}/api/v1/session/oidc/callback"))
}

/// Turns on single sign-on through the simulator's OIDC provider, whose client must have
/// `redirect_url` registered (the simulator's default registers any loopback port).
pub fn sso_through_simulator(
    settings: &mut Settings,
    sim: &RunningSim,
    sim_settings: &SimSettings,
    redirect_url: &str,
) {
    let oidc = &mut settings.oidc;
    oidc.enabled = true;
    oidc.issuer_url = Some(sim.oidc_issuer_url());
    oidc.client_id = sim_settings.oidc_client_id.clone();
    oidc.client_secret = Some(SecretString::from(sim_settings.oidc_client_secret.clone()));
    oidc.redirect_url = Some(redirect_url.to_owned());
    oidc.label = Some(DEMO_SSO_LABEL.to_owned());
    // The simulator speaks plain HTTP; beyond loopback only with --allow-remote.
    oidc.allow_http = true;
}

/// The demo's signing key, made on first use and kept (mode 0600) in the data directory. Its key
/// id is its thumbprint, which is how the verifier knows a configured public key.
fn demo_key(data_dir: &Path, create: bool) -> Result<SigningKey, DemoError> {
    let key = stored_or_new_key(data_dir, create)?;
    let kid = key.thumbprint();
    Ok(key.with_kid(kid))
}

fn stored_or_new_key(data_dir: &Path, create: bool) -> Result<SigningKey, DemoError> {
    let path: PathBuf = data_dir.join(KEY_FILE);
    if path.is_file() {
        let pem = std::fs::read_to_string(&path).map_err(files(&path))?;
        return Ok(SigningKey::from_pem(KEY_ID, KeyAlgorithm::EdDsa, &pem)?);
    }
    if !create {
        return Err(DemoError::Files {
            path: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no demo key yet: start `customer-service demo` first",
            ),
        });
    }
    let key = SigningKey::generate(KeyAlgorithm::EdDsa, KEY_ID)?;
    write_private(&path, key.to_pem().as_bytes()).map_err(files(&path))?;
    Ok(key)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// Settings for the demo: its database and key in the data directory, plain-HTTP cookies on
/// loopback, bearer tokens signed by the demo key.
fn demo_settings(mut settings: Settings, args: &DemoArgs, key: &SigningKey) -> Settings {
    settings.server.listen = args.listen;
    if settings.server.static_dir.is_none()
        && Path::new(DEFAULT_STATIC_DIR).join("index.html").is_file()
    {
        settings.server.static_dir = Some(DEFAULT_STATIC_DIR.into());
    }
    settings.auth.database = args.data_dir.join("customer-service.db").into();
    settings.auth.secure_cookies = false;
    let bearer = &mut settings.bearer;
    bearer.enabled = true;
    bearer.issuer = DEMO_ISSUER.into();
    bearer.audience = DEMO_AUDIENCE.into();
    bearer.public_keys = vec![key.public_pem()];
    settings
}

/// Runs the demo until Ctrl-C.
pub async fn run(args: DemoArgs, settings: Settings) -> Result<(), DemoError> {
    let loopback = args.listen.ip().is_loopback() && args.sim_listen.ip().is_loopback();
    if !(args.allow_remote || loopback) {
        return Err(DemoError::NotLoopback(args.listen.to_string()));
    }
    std::fs::create_dir_all(&args.data_dir).map_err(files(&args.data_dir))?;
    let key = demo_key(&args.data_dir, true)?;
    let mut settings = demo_settings(settings, &args, &key);
    let sso_redirect = sso_redirect_url(args.listen);
    let sim_settings = SimSettings {
        listen: args.sim_listen,
        seed: args.seed,
        persons: args.persons,
        oidc_redirect_uris: sso_redirect.iter().cloned().collect(),
        ..SimSettings::default()
    };
    let sim = RunningSim::start(sim_settings.clone())
        .await
        .map_err(|source| DemoError::Simulator {
            address: args.sim_listen.to_string(),
            source,
        })?;
    point_at_simulator(&mut settings, &sim, &sim_settings);
    // The simulator has the person search as well as the documented lookup; searching with it
    // first shows what an agent sees when several persons share an address.
    settings.cim.search = SearchStrategies::InTurn(vec![
        SearchStrategy::PersonSearch,
        SearchStrategy::MigrationStatus,
    ]);
    if let Some(redirect) = &sso_redirect {
        sso_through_simulator(&mut settings, &sim, &sim_settings, redirect);
    }
    let app = Application::build_with_accounts(&settings, Accounts::demo()?).await?;
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
    println!(
        "  User's phone    {}/_sim/phone (approve or deny a caller's verification)",
        sim.cim_url().trim_end_matches('/')
    );
    println!(
        "  Agents          agent (all rights), viewer (read only), supervisor (audit trail); password: demo"
    );
    match &sso_redirect {
        Some(_) => println!(
            "  Single sign-on  \"Sign in with {DEMO_SSO_LABEL}\" on the login page (issuer {})",
            sim.oidc_issuer_url()
        ),
        None => println!(
            "  Single sign-on  off: the listen port is 0 (give --listen a fixed port to try it)"
        ),
    }
    println!("  Bearer token    customer-service token --agent agent");
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
    served.map_err(DemoError::Serve)
}

/// A bearer token for a demo agent, signed with the demo key.
pub fn token(args: &TokenArgs) -> Result<String, DemoError> {
    let key = demo_key(&args.data_dir, false)?;
    let accounts = Accounts::demo()?;
    let agent = accounts
        .agent(&args.agent)
        .ok_or_else(|| DemoError::UnknownAgent(args.agent.clone()))?;
    let mut authorities = agent.authorities.clone();
    authorities.extend(agent.groups.iter().cloned());
    Ok(key.mint(&MintClaims {
        issuer: DEMO_ISSUER.into(),
        audience: DEMO_AUDIENCE.into(),
        subject: agent.username.clone(),
        name: Some(agent.display_name.clone()),
        authorities,
        authorities_claim: "authorities".into(),
        ttl: args.ttl,
        not_before: None,
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sso_callback_needs_a_known_port() {
        let fixed: SocketAddr = ([127, 0, 0, 1], 8080).into();
        assert_eq!(
            sso_redirect_url(fixed).as_deref(),
            Some("http://127.0.0.1:8080/api/v1/session/oidc/callback")
        );
        assert_eq!(sso_redirect_url(([127, 0, 0, 1], 0).into()), None);
    }
}
