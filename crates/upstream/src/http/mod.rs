//! Plumbing shared by every upstream call: the reqwest client, Basic auth, one tracing span per
//! call, the overall deadline, and the single retry after a connection error.

mod guard;
mod response;

use std::error::Error as _;
use std::io;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tracing::field::Empty;
use url::Url;

use crate::config::UpstreamConfig;
use crate::error::{BuildError, UpstreamApi, UpstreamError};

pub(crate) use response::RawResponse;

/// One upstream's HTTP client and credentials; cloned cheaply only through the owning `Arc`.
pub(crate) struct HttpClient {
    client: reqwest::Client,
    base: Url,
    username: String,
    password: SecretString,
    /// `Authorization: Basic ...`, made once (marked sensitive: never logged).
    authorization: HeaderValue,
    request_timeout: Duration,
    max_response_bytes: usize,
    guard: guard::Guard,
}

tokio::task_local! {
    /// Set while a readiness probe runs: its calls use the probes' own budget.
    static PROBE: bool;
}

/// Runs `calls` as a readiness probe: its upstream calls never take agents' places in flight.
pub(crate) async fn as_probe<F: Future>(calls: F) -> F::Output {
    PROBE.scope(true, calls).await
}

/// One call to make: what goes on the wire plus the names it is logged under.
pub(crate) struct Request {
    api: UpstreamApi,
    method: Method,
    template: &'static str,
    url: Url,
    header: Option<(HeaderName, HeaderValue)>,
    json: Option<serde_json::Value>,
    form: Option<String>,
}

impl Request {
    /// `template` is the route as documented (`/api/persons/{person_id}`): it names the call in
    /// spans and errors, so ids and query strings never reach logs.
    pub(crate) fn new(api: UpstreamApi, method: Method, template: &'static str, url: Url) -> Self {
        Request {
            api,
            method,
            template,
            url,
            header: None,
            json: None,
            form: None,
        }
    }

    pub(crate) fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.header = Some((name, value));
        self
    }

    pub(crate) fn json(mut self, body: serde_json::Value) -> Self {
        self.json = Some(body);
        self
    }

    /// An `application/x-www-form-urlencoded` body of these fields.
    pub(crate) fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        self.form = Some(body.finish());
        self
    }
}

/// Why one attempt failed; only a connection failure is worth a second attempt.
enum AttemptError {
    Connect(UpstreamError),
    Other(UpstreamError),
}

impl HttpClient {
    pub(crate) fn new(config: UpstreamConfig) -> Result<Self, BuildError> {
        let mut base = config.base_url;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(BuildError::InvalidBaseUrl {
                reason: format!("scheme {:?} is not http or https", base.scheme()),
            });
        }
        if base.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl {
                reason: "URL cannot take a path".to_owned(),
            });
        }
        // Credentials travel in the Authorization header only; a query or fragment on the base
        // would end up in the middle of every request path.
        let _ = base.set_username("");
        let _ = base.set_password(None);
        base.set_query(None);
        base.set_fragment(None);

        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // A redirect would re-send Basic credentials somewhere we did not configure.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| BuildError::Client {
                reason: e.without_url().to_string(),
            })?;
        let authorization = basic(&config.username, config.password.expose_secret())?;
        Ok(HttpClient {
            client,
            base,
            authorization,
            username: config.username,
            password: config.password,
            request_timeout: config.request_timeout,
            max_response_bytes: config.max_response_bytes,
            guard: guard::Guard::new(config.guard, config.clock),
        })
    }

    /// Sends the credentials as the Token Server reads them (ONEGINI-APIS §1): id and secret
    /// each form-urlencoded before they are joined, so a secret holding `:`, `%` or `+` works.
    pub(crate) fn with_form_encoded_credentials(mut self) -> Self {
        let encode =
            |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let (user, password) = (
            encode(&self.username),
            encode(self.password.expose_secret()),
        );
        if let Ok(header) = basic(&user, &password) {
            self.authorization = header;
        }
        self
    }

    /// The base URL with `segments` appended, each percent-encoded as one path segment.
    ///
    /// Callers must have rejected `.`/`..`/empty ids with [`checked_segment`]: the url crate
    /// silently drops dot segments, which would change the route.
    pub(crate) fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// The base URL requests are made against (without credentials).
    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// The HTTP Basic user calls are made as.
    pub(crate) fn username(&self) -> &str {
        &self.username
    }

    /// Sends `request` and hands the complete response to `handle`, all inside one span; a
    /// failure is logged here, once.
    #[tracing::instrument(
        name = "upstream_call",
        skip_all,
        fields(
            upstream = %request.api,
            http.method = %request.method,
            http.path = request.template,
            http.status = Empty,
            duration_ms = Empty,
        )
    )]
    pub(crate) async fn call<T>(
        &self,
        request: Request,
        handle: impl FnOnce(RawResponse) -> Result<T, UpstreamError>,
    ) -> Result<T, UpstreamError> {
        let started = Instant::now();
        let span = tracing::Span::current();
        let probe = PROBE.try_with(|probe| *probe).unwrap_or(false);
        let outcome = match self.guard.admit(request.api, request.template, probe) {
            Ok(_pass) => {
                let sent =
                    tokio::time::timeout(self.request_timeout, self.send_with_retry(&request))
                        .await
                        .unwrap_or_else(|_| Err(timeout(&request)));
                let outcome = sent.and_then(|raw| {
                    span.record("http.status", raw.status().as_u16());
                    handle(raw)
                });
                // Judged on the classified outcome: a 503 arrives as a response, not a send error.
                let unwell = outcome.as_ref().err().is_some_and(is_unwell);
                self.guard.settle(request.api, Some(unwell));
                outcome
            }
            Err(refused) => Err(refused),
        };
        span.record(
            "duration_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        if let Err(error) = &outcome {
            log_failure(error);
        }
        let labels = [
            ("upstream", request.api.as_str()),
            (
                "outcome",
                outcome.as_ref().map_or_else(UpstreamError::kind, |_| "ok"),
            ),
        ];
        metrics::counter!("upstream_requests_total", &labels).increment(1);
        metrics::histogram!("upstream_request_duration_seconds", &labels)
            .record(started.elapsed().as_secs_f64());
        outcome
    }

    async fn send_with_retry(&self, request: &Request) -> Result<RawResponse, UpstreamError> {
        match self.attempt(request).await {
            Ok(raw) => Ok(raw),
            Err(AttemptError::Connect(_)) if request.method == Method::GET => {
                tracing::debug!("retrying once after a connection error");
                self.attempt(request)
                    .await
                    .map_err(AttemptError::into_inner)
            }
            Err(other) => Err(other.into_inner()),
        }
    }

    async fn attempt(&self, request: &Request) -> Result<RawResponse, AttemptError> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some((name, value)) = &request.header {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(body) = &request.json {
            builder = builder.json(body);
        }
        if let Some(body) = &request.form {
            builder = builder
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(body.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| classify_send_error(request, &e))?;
        RawResponse::read(
            request.api,
            request.template,
            response,
            self.max_response_bytes,
        )
        .await
        .map_err(AttemptError::Other)
    }
}

impl AttemptError {
    fn into_inner(self) -> UpstreamError {
        match self {
            AttemptError::Connect(e) | AttemptError::Other(e) => e,
        }
    }
}

/// `Basic base64(user ":" password)`, marked sensitive so no debug output shows it.
fn basic(user: &str, password: &str) -> Result<HeaderValue, BuildError> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut header = HeaderValue::try_from(format!("Basic {encoded}")).map_err(|_| {
        BuildError::InvalidHeaderValue {
            setting: "username",
        }
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Rejects ids that cannot be one path segment, before anything is sent: an empty id or a dot
/// segment would silently address another route (`DELETE .../devices/..` deletes all devices).
pub(crate) fn checked_segment<'a>(
    api: UpstreamApi,
    template: &'static str,
    id: &'a str,
) -> Result<&'a str, UpstreamError> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(UpstreamError::BadRequest {
            api,
            path: template,
            message: "an identifier is empty or a dot segment; nothing was sent".to_owned(),
        });
    }
    Ok(id)
}

/// A failure that says the upstream is unwell (as opposed to an answer we did not like).
fn is_unwell(error: &UpstreamError) -> bool {
    matches!(
        error,
        UpstreamError::Timeout { .. } | UpstreamError::Unavailable { .. }
    )
}

fn timeout(request: &Request) -> UpstreamError {
    UpstreamError::Timeout {
        api: request.api,
        path: request.template,
    }
}

/// Maps a reqwest failure to our error without its Display, which would carry the full URL.
fn classify_send_error(request: &Request, error: &reqwest::Error) -> AttemptError {
    if error.is_timeout() {
        return AttemptError::Other(timeout(request));
    }
    let unavailable = |reason: &str| UpstreamError::Unavailable {
        api: request.api,
        path: request.template,
        reason: reason.to_owned(),
    };
    if error.is_connect() {
        return AttemptError::Connect(unavailable(connect_reason(error)));
    }
    AttemptError::Other(unavailable("request failed before a response arrived"))
}

fn connect_reason(error: &reqwest::Error) -> &'static str {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io_error) = cause.downcast_ref::<io::Error>() {
            return match io_error.kind() {
                io::ErrorKind::ConnectionRefused => "connection refused",
                io::ErrorKind::ConnectionReset => "connection reset",
                io::ErrorKind::TimedOut => "connection timed out",
                io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                    "host unreachable"
                }
                _ => "connection failed",
            };
        }
        source = cause.source();
    }
    "connection failed"
}

/// Configuration and contract faults need an operator; the rest are ordinary outcomes that the
/// caller decides about (and logs, if it wants to).
fn log_failure(error: &UpstreamError) {
    match error {
        UpstreamError::BadCredentials { .. }
        | UpstreamError::Forbidden { .. }
        | UpstreamError::InvalidResponse { .. } => {
            tracing::warn!(error.kind = error.kind(), error.message = %error, "upstream call failed");
        }
        // The upstream's own message may quote what we sent (an e-mail address), so it stays out.
        UpstreamError::BadRequest { .. } => {
            tracing::debug!(error.kind = error.kind(), "upstream call failed");
        }
        _ => {
            tracing::debug!(error.kind = error.kind(), error.message = %error, "upstream call failed");
        }
    }
}
