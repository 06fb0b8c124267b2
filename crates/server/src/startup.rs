//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use cs_domain::CustomerService;
use cs_upstream::{CimClient, TokenServerClient};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::fallback::{KnownRoutes, fallback};
use crate::headers::security_headers;
use crate::observe::observe;
use crate::settings::{Settings, SettingsError};
use crate::{metrics, openapi, routes, spa};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is unusable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// An upstream client could not be built from the configuration.
    #[error("invalid upstream configuration: {0}")]
    Client(#[from] cs_upstream::BuildError),
    /// The listen address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: String,
        /// Why.
        source: std::io::Error,
    },
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Checks the settings, builds the upstream clients and binds the listen address (port 0 picks
    /// a free port: see [`Application::port`]).
    pub fn build(settings: &Settings) -> Result<Self, StartError> {
        settings.validate()?;
        let cim = CimClient::new(
            settings.cim.connection().client_config("cim")?,
            settings.cim.partition_id.clone(),
        )?;
        let token_server =
            TokenServerClient::new(settings.token_server.client_config("token_server")?)?;
        let service = CustomerService::new(cim, token_server, settings.domain());
        let address = settings.server.listen;
        let listener = TcpListener::bind(address).map_err(|source| StartError::Bind {
            address: address.to_string(),
            source,
        })?;
        Self::serve(listener, service, settings)
    }

    fn serve(
        listener: TcpListener,
        service: CustomerService,
        settings: &Settings,
    ) -> Result<Self, StartError> {
        let bind_error = |source| StartError::Bind {
            address: settings.server.listen.to_string(),
            source,
        };
        let port = listener.local_addr().map_err(bind_error)?.port();
        let spec = Arc::new(openapi::openapi());
        let known_routes = web::Data::new(KnownRoutes::from_spec(&spec));
        let service = web::Data::new(service);
        let static_dir = settings.server.static_dir.clone();
        metrics::spawn_upkeep();
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(service.clone())
                .app_data(known_routes.clone())
                .app_data(query_config())
                .app_data(path_config())
                .wrap(from_fn(security_headers))
                .wrap(from_fn(observe))
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        .url("/api-docs/openapi.json", spec.as_ref().clone()),
                )
                .configure(|config| {
                    if let Some(dir) = &static_dir {
                        config.service(spa::service(dir));
                    }
                })
                .default_service(web::to(fallback))
        })
        .shutdown_timeout(settings.server.shutdown_timeout_secs);
        if let Some(workers) = settings.server.workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener).map_err(bind_error)?.run();
        Ok(Application { port, server })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped (by the handle, SIGINT or SIGTERM); in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        ApiError::bad_request(format!("The query string is not valid: {error}")).into()
    })
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _req| {
        ApiError::bad_request(format!("The path is not valid: {error}")).into()
    })
}
