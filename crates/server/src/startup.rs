//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::cookie::Key;
use actix_web::dev::Service as _;
use actix_web::dev::{Server, ServerHandle};
use actix_web::http::header::STRICT_TRANSPORT_SECURITY;
use actix_web::middleware::{Condition, DefaultHeaders};
use actix_web::{App, HttpServer, web};
use cs_auth::jwt::BearerVerifier;
use cs_auth::{
    Accounts, AuditStore, AuthService, BearerAuth, Change, ChangeFeed, Database,
    DatabaseSessionStore, DatabaseVerifications, LoginThrottle, SharedAccounts, secrets,
    watch_accounts,
};
use cs_clock::Clock;
use cs_domain::{AuditTrail, CustomerService};
use secrecy::{ExposeSecret, SecretString};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

use crate::config::{Settings, SettingsError};
use crate::middleware::metrics;
use crate::middleware::observe::Observe;
use crate::middleware::session::{Cookies, FlowCookie, Sessions};
use crate::problem::{ApiError, ProblemType};
use crate::routes::fallback::{KnownRoutes, fallback};
use crate::routes::health::MetricsAccess;
use crate::routes::spa;
use crate::{openapi, routes};

/// `Strict-Transport-Security` where cookies are secure: a year, this host and its subdomains.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is unusable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// An upstream client could not be built from the configuration.
    #[error(transparent)]
    Client(#[from] cs_upstream::ClientError),
    /// The agent accounts are unusable.
    #[error(transparent)]
    Accounts(#[from] cs_auth::AccountsError),
    /// The database could not be opened or migrated.
    #[error("the database {location}: {source}")]
    Database {
        /// Where it is (without a password).
        location: String,
        /// Why.
        source: cs_auth::StoreError,
    },
    /// Bearer token settings are unusable.
    #[error("invalid configuration: {0}")]
    Bearer(#[from] cs_auth::jwt::BearerConfigError),
    /// Single sign-on could not be set up (the provider's discovery failed).
    #[error(transparent)]
    Oidc(#[from] cs_auth::oidc::OidcStartError),
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
    /// What runs beside the server (the accounts file watch, the change listener); ends with it.
    background: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    /// `serve`: checks the settings, refuses what is unsafe unless a setting allows it (upstream
    /// credentials or session cookies in clear text, agents with the demo password), loads the
    /// agent accounts named there, and starts as [`Application::build_with_accounts`] does.
    pub async fn build(settings: &Settings) -> Result<Self, StartError> {
        settings.validate()?;
        settings.check_safe()?;
        let accounts = match &settings.auth.accounts_file {
            Some(path) => Accounts::load(path)?,
            None => Accounts::empty()?,
        };
        settings
            .auth
            .check_accounts(&accounts)
            .map_err(|e| SettingsError(e.to_string()))?;
        Self::build_with_accounts(settings, accounts).await
    }

    /// Checks the settings, opens the database, builds the upstream clients and binds the listen
    /// address (port 0 picks a free port: see [`Application::port`]).
    pub async fn build_with_accounts(
        settings: &Settings,
        accounts: Accounts,
    ) -> Result<Self, StartError> {
        Self::build_with_clock(settings, accounts, Clock::system()).await
    }

    /// Like [`Application::build_with_accounts`], with everything that depends on time
    /// (sessions, login throttling, breakers, key caches, SSO flows, the audit trail) reading
    /// `clock`: tests pass a manual one and move it instead of sleeping.
    pub async fn build_with_clock(
        settings: &Settings,
        accounts: Accounts,
        clock: Clock,
    ) -> Result<Self, StartError> {
        settings.validate()?;
        let location = &settings.auth.database;
        let database_error = |source| StartError::Database {
            location: location.to_string(),
            source,
        };
        let database = Database::open(location, settings.auth.pool_limits())
            .await
            .map_err(database_error)?;
        let feed = ChangeFeed::new(database.clone());
        let cookie_key = match &settings.auth.cookie_key {
            Some(key) => cookie_key_from_settings(key)?,
            None => Key::from(
                &secrets::load_or_create(&database, "cookie_key", 64)
                    .await
                    .map_err(database_error)?,
            ),
        };
        let audit = AuditStore::new(database.clone(), clock.clone());
        audit.seal_unchained().await.map_err(database_error)?;
        let auth = AuthService {
            accounts: SharedAccounts::new(accounts),
            audit: audit.clone(),
            throttle: LoginThrottle::new(
                settings.auth.throttle_limits(),
                clock.clone(),
                database.clone(),
            ),
            hashing: settings.auth.hashing_pool(),
            bearer: if settings.bearer.enabled {
                Some(BearerAuth::new(
                    BearerVerifier::new(&settings.bearer, clock.clone())?,
                    &settings.bearer,
                    clock.clone(),
                ))
            } else {
                None
            },
            oidc: if settings.oidc.enabled {
                Some(cs_auth::oidc::OidcClient::discover(&settings.oidc, clock.clone()).await?)
            } else {
                None
            },
            policy: settings.auth.session_policy(),
            clock: clock.clone(),
        };
        // The one place the server touches cs-upstream: building the clients at start.
        let service = CustomerService::new(
            settings.cim.client(&clock)?,
            settings.token_server.client(&clock)?,
            &settings.cache,
            Arc::new(audit) as Arc<dyn AuditTrail>,
        )
        .with_change_notice(Arc::new(feed.clone()))
        .with_verifications(Arc::new(DatabaseVerifications::new(
            database.clone(),
            clock.clone(),
        )))
        .with_clock(clock.clone());
        let mut background = vec![follow_changes(&feed, service.clone())];
        background.extend(feed.listen());
        let address = settings.server.listen;
        let listener = TcpListener::bind(address).map_err(|source| StartError::Bind {
            address: address.to_string(),
            source,
        })?;
        let sessions = Sessions {
            store: DatabaseSessionStore::new(database, clock, feed),
            key: cookie_key,
            cookies: Cookies {
                secure: settings.auth.secure_cookies,
            },
            absolute_secs: settings.auth.session_absolute_timeout_secs,
        };
        Self::serve(listener, service, auth, sessions, settings, background)
    }

    fn serve(
        listener: TcpListener,
        service: CustomerService,
        auth: AuthService,
        sessions: Sessions,
        settings: &Settings,
        mut background: Vec<tokio::task::JoinHandle<()>>,
    ) -> Result<Self, StartError> {
        let bind_error = |source| StartError::Bind {
            address: settings.server.listen.to_string(),
            source,
        };
        let port = listener.local_addr().map_err(bind_error)?.port();
        let spec = web::Bytes::from(openapi::openapi_json());
        let known_routes = web::Data::new(KnownRoutes::from_spec(&openapi::openapi()));
        let service = web::Data::new(service);
        let auth = web::Data::new(auth);
        background.extend(settings.auth.accounts_file.clone().map(|path| {
            let interval = Duration::from_millis(settings.auth.accounts_check_interval_ms);
            watch_accounts(auth.clone().into_inner(), path, interval)
        }));
        let cookies = web::Data::new(sessions.cookies.clone());
        let proxies = web::Data::new(settings.server.trusted_proxies.clone());
        let metrics_access = web::Data::new(MetricsAccess {
            token: settings.server.metrics_token.clone(),
        });
        let flow = web::Data::new(FlowCookie {
            key: sessions.key.clone(),
            cookies: sessions.cookies.clone(),
            max_age_secs: settings.oidc.flow_timeout_secs,
        });
        let static_dir = settings.server.static_dir.clone();
        let hsts = settings.auth.secure_cookies;
        metrics::spawn_upkeep();
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(service.clone())
                .app_data(auth.clone())
                .app_data(cookies.clone())
                .app_data(flow.clone())
                .app_data(metrics_access.clone())
                .app_data(proxies.clone())
                .app_data(json_config())
                .app_data(known_routes.clone())
                .app_data(query_config())
                .app_data(path_config())
                .wrap(sessions.middleware())
                .wrap_fn(|req, service| {
                    let answer = service.call(req);
                    async move { answer.await.map_err(session_unavailable) }
                })
                // Cookies marked Secure mean TLS: browsers must not come back over plain HTTP.
                .wrap(Condition::new(
                    hsts,
                    DefaultHeaders::new().add((STRICT_TRANSPORT_SECURITY, HSTS)),
                ))
                .wrap(Observe::new(known_routes.clone()))
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .route(
                    "/api-docs/openapi.json",
                    web::get().to(openapi::serve(spec.clone())),
                )
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        .config(SwaggerConfig::new(["/api-docs/openapi.json"])),
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
        Ok(Application {
            port,
            server,
            background,
        })
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
        let served = self.server.await;
        for task in self.background {
            task.abort();
        }
        served
    }
}

/// The session middleware fails only when the session store cannot be read: the database is
/// down. That is a 503 with a problem body, never a 500 carrying the store's error text.
fn session_unavailable(error: actix_web::Error) -> actix_web::Error {
    if error.as_response_error().status_code() != actix_web::http::StatusCode::INTERNAL_SERVER_ERROR
    {
        return error;
    }
    tracing::warn!(error = %error, "the session could not be read");
    ApiError::new(
        ProblemType::DatabaseUnavailable,
        "The session cannot be read while the database is unavailable; try again in a moment. Bearer tokens still work.",
    )
    .into()
}

/// Forgets what another replica changed (or everything, when changes may have been missed).
fn follow_changes(feed: &ChangeFeed, service: CustomerService) -> tokio::task::JoinHandle<()> {
    let mut changes = feed.subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match changes.recv().await {
                Ok(Change::UserChanged(user)) => service.forget_user(&user).await,
                Ok(Change::SessionEnded(_)) => {}
                Ok(Change::Unknown) | Err(RecvError::Lagged(_)) => service.forget_everything(),
                Err(RecvError::Closed) => break,
            }
        }
    })
}

fn cookie_key_from_settings(key: &SecretString) -> Result<Key, StartError> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key.expose_secret().trim())
        .map_err(|_| SettingsError("auth.cookie_key must be base64".into()))?;
    Key::try_from(bytes.as_slice())
        .map_err(|_| SettingsError("auth.cookie_key must hold at least 64 bytes".into()).into())
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(16 * 1024)
        .error_handler(|error, _req| {
            use actix_web::error::JsonPayloadError;
            let api_error = match &error {
                JsonPayloadError::ContentType => ApiError::new(
                    ProblemType::UnsupportedMediaType,
                    "Send the body with Content-Type: application/json.",
                ),
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => ApiError::new(
                    ProblemType::BodyTooLarge,
                    "The body may be at most 16384 bytes.",
                ),
                other => ApiError::bad_request(format!("The JSON body is not valid: {other}")),
            };
            api_error.into()
        })
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
