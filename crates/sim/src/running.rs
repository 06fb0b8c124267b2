//! Starting and stopping a simulator on the current tokio runtime.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpServer, web};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use crate::errors;
use crate::faults;
use crate::model::PersonSummary;
use crate::oidc::{self, OidcProvider};
use crate::routes;
use crate::settings::SimSettings;
use crate::store::SimState;

/// Largest request body accepted (bulk deletes, fault rules); larger gets 413.
const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// How long a graceful stop waits for requests in flight (a trickling body may never finish).
const SHUTDOWN_TIMEOUT_SECS: u64 = 2;
/// How long `start` waits for the server to answer its own health probe.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// A simulator serving HTTP in the background of the current tokio runtime.
#[derive(Debug)]
pub struct RunningSim {
    addr: SocketAddr,
    state: SimState,
    handle: Option<ServerHandle>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningSim {
    /// Generates the data, binds `settings.listen` (port 0 picks a free port), spawns the
    /// server on the current tokio runtime and returns once it answers requests.
    ///
    /// Fails on a bad fault rule or setting (`InvalidInput`) or when the address cannot be
    /// bound.
    pub async fn start(settings: SimSettings) -> io::Result<RunningSim> {
        faults::validate_all(&settings.faults)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        settings
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        // Bound first: the OIDC issuer URL holds the port.
        let listener = std::net::TcpListener::bind(settings.listen)?;
        let bound = connectable(listener.local_addr()?);
        let oidc =
            web::Data::new(OidcProvider::start(&format!("http://{bound}"), &settings).await?);
        // Data generation is CPU work: keep it off the async worker threads.
        let state = tokio::task::spawn_blocking(move || SimState::new(&settings))
            .await
            .map_err(io::Error::other)?;

        let app_state = state.clone();
        let server = HttpServer::new(move || {
            let state = app_state.clone();
            App::new()
                .app_data(web::Data::new(state.clone()))
                .app_data(oidc.clone())
                .app_data(web::PayloadConfig::new(BODY_LIMIT_BYTES))
                .wrap(ErrorHandlers::new().default_handler(errors::json_fallback))
                .configure(|cfg| routes::configure(cfg, &state))
                .configure(oidc::configure)
                .default_service(web::to(errors::not_found))
        })
        // The embedding program owns the signals (Ctrl-C stops it, not us behind its back).
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
        .listen(listener)?;
        let server = server.run();
        let handle = server.handle();
        let task = tokio::spawn(server);
        let sim = RunningSim {
            addr: bound,
            state,
            handle: Some(handle),
            task: Some(task),
        };
        wait_until_ready(sim.addr).await?;
        tracing::info!(addr = %sim.addr, "onegini-sim ready");
        Ok(sim)
    }

    /// The address to connect to (a wildcard listen address becomes loopback).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The CIM base URL (CIM paths start with `/api/`): the base URL itself.
    pub fn cim_url(&self) -> String {
        self.base_url()
    }

    /// The issuer URL of the OIDC provider: `base_url() + "/oidc"`.
    pub fn oidc_issuer_url(&self) -> String {
        format!("{}/oidc", self.base_url())
    }

    /// The Token Server base URL: `base_url() + "/oauth"`.
    pub fn token_server_url(&self) -> String {
        format!("{}/oauth", self.base_url())
    }

    /// The first `n` persons, in seed order, that have at least one device now.
    pub fn sample_persons(&self, n: usize) -> Vec<PersonSummary> {
        self.state.sample_persons(n)
    }

    /// A handle to the shared state: set faults, read stats, look at data.
    pub fn state(&self) -> SimState {
        self.state.clone()
    }

    /// Stops gracefully (requests in flight get a short grace period) and waits for it.
    pub async fn stop(mut self) {
        if let Some(handle) = self.handle.take() {
            handle.stop(true).await;
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        // Not stopped with `stop()`: ask the server to stop now; the command is sent at once.
        if let Some(handle) = self.handle.take() {
            drop(handle.stop(false));
        }
    }
}

fn connectable(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V4(a) if a.ip().is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, a.port()))
        }
        SocketAddr::V6(a) if a.ip().is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, a.port()))
        }
        other => other,
    }
}

/// Asks `/_sim/health` over a raw connection until it answers 200, so that `start` returns
/// only when workers are serving, not merely when the socket is bound.
async fn wait_until_ready(addr: SocketAddr) -> io::Result<()> {
    let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
    loop {
        if probe(addr).await.unwrap_or(false) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("onegini-sim at {addr} did not become ready"),
            ));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn probe(addr: SocketAddr) -> io::Result<bool> {
    let attempt = async {
        let mut stream = TcpStream::connect(addr).await?;
        stream
            .write_all(b"GET /_sim/health HTTP/1.1\r\nHost: sim\r\nConnection: close\r\n\r\n")
            .await?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).await?;
        Ok::<bool, io::Error>(head.ends_with(b" 200"))
    };
    tokio::time::timeout(Duration::from_secs(1), attempt)
        .await
        .unwrap_or(Ok(false))
}
