//! JWKS documents: fetched over HTTP, cached per URL, refreshed single-flight.
//!
//! Two refresh triggers, each bounded: the cache TTL (so removed keys stop working), and an
//! unknown `kid` (so rotated-in keys start working), the latter at most once per minimum
//! interval per URL so a caller spraying random kids cannot make us hammer the identity
//! provider. A failed fetch keeps the previous keys and is not retried before the minimum
//! interval either.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cs_clock::Clock;
use jsonwebtoken::jwk::Jwk;
use reqwest::header::ACCEPT;
use serde::Deserialize;
use tracing::field::Empty;
use url::Url;

use super::key_set::VerificationKey;
use crate::keys::KeyAlgorithm;

/// Largest JWKS body accepted; real ones are a few KiB.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// A key set as fetched: cheap to clone and share with concurrent verifications.
pub(crate) type KeyList = Arc<[Arc<VerificationKey>]>;

/// What all sources share: the HTTP client, the refresh policy and the clock it is timed by.
pub(crate) struct JwksClient {
    pub(crate) http: reqwest::Client,
    pub(crate) allowed: Vec<KeyAlgorithm>,
    pub(crate) ttl: Duration,
    pub(crate) min_interval: Duration,
    pub(crate) clock: Clock,
}

/// One JWKS URL and what we know from it.
pub(crate) struct JwksSource {
    url: Url,
    state: Mutex<SourceState>,
    /// Held while fetching, so concurrent verifications wait for (or skip) one fetch instead of
    /// each starting their own.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct SourceState {
    /// The keys of the last successful fetch.
    keys: Option<KeyList>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_failed: bool,
    /// Counts attempts; a waiter that sees it moved knows someone else just fetched.
    attempts: u64,
}

impl JwksSource {
    pub(crate) fn new(url: Url) -> Self {
        JwksSource {
            url,
            state: Mutex::new(SourceState::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, SourceState> {
        // The state is a handful of plain fields; a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The keys of the last successful fetch.
    pub(crate) fn keys(&self) -> Option<KeyList> {
        self.state().keys.clone()
    }

    /// No keys from this URL, because fetching failed (or has not happened yet).
    pub(crate) fn is_unavailable(&self) -> bool {
        self.state().keys.is_none()
    }

    /// Fetches when the cache is empty or older than the TTL. With keys in hand, a caller that
    /// finds a fetch already running goes on with the old keys rather than waiting.
    pub(crate) async fn ensure_fresh(&self, client: &JwksClient) {
        let (needed, attempts, has_keys) = {
            let state = self.state();
            let age = |at| client.clock.elapsed(at);
            let stale = state.fetched_at.is_none_or(|at| age(at) >= client.ttl);
            let backing_off = state.last_failed
                && state
                    .last_attempt
                    .is_some_and(|at| age(at) < client.min_interval);
            (stale && !backing_off, state.attempts, state.keys.is_some())
        };
        if !needed {
            return;
        }
        if has_keys {
            if let Ok(_guard) = self.refresh.try_lock() {
                self.refresh_unless_moved(client, attempts).await;
            }
        } else {
            let _guard = self.refresh.lock().await;
            self.refresh_unless_moved(client, attempts).await;
        }
    }

    /// Fetches for a token whose key we do not have, unless this URL was tried within the
    /// minimum interval.
    pub(crate) async fn refresh_for_unknown_key(&self, client: &JwksClient) {
        let (allowed, attempts) = {
            let state = self.state();
            let allowed = state
                .last_attempt
                .is_none_or(|at| client.clock.elapsed(at) >= client.min_interval);
            (allowed, state.attempts)
        };
        if allowed {
            let _guard = self.refresh.lock().await;
            self.refresh_unless_moved(client, attempts).await;
        }
    }

    /// Call with `refresh` held: fetches unless another caller fetched since `seen_attempts`.
    async fn refresh_unless_moved(&self, client: &JwksClient, seen_attempts: u64) {
        if self.state().attempts != seen_attempts {
            return;
        }
        let result = fetch(client, &self.url).await;
        let mut state = self.state();
        state.attempts = state.attempts.wrapping_add(1);
        state.last_attempt = Some(client.clock.instant());
        match result {
            Ok(keys) => {
                state.keys = Some(keys.into());
                state.fetched_at = state.last_attempt;
                state.last_failed = false;
            }
            Err(reason) => {
                state.last_failed = true;
                let cached = state.keys.as_ref().map_or(0, |keys| keys.len());
                tracing::warn!(
                    jwks.url = %self.url,
                    error = %reason,
                    jwks.cached_keys = cached,
                    "JWKS fetch failed; keeping the keys fetched before"
                );
            }
        }
    }
}

#[derive(Deserialize)]
struct RawKeySet {
    keys: Vec<serde_json::Value>,
}

/// GETs and parses one JWKS. Entries we cannot or must not use are skipped, not fatal: one odd
/// key (an encryption key, an HMAC secret) must not lock out all the others.
#[tracing::instrument(
    name = "jwks_fetch",
    skip_all,
    fields(jwks.url = %url, http.status = Empty, jwks.keys = Empty, duration_ms = Empty)
)]
async fn fetch(client: &JwksClient, url: &Url) -> Result<Vec<Arc<VerificationKey>>, String> {
    let started = Instant::now();
    let result = fetch_body(client, url).await;
    let span = tracing::Span::current();
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    let body = result?;
    let set: RawKeySet =
        serde_json::from_slice(&body).map_err(|_| "the body is not a JWK set".to_owned())?;
    let mut keys = Vec::with_capacity(set.keys.len());
    for entry in set.keys {
        let kid = entry.get("kid").and_then(|k| k.as_str()).map(str::to_owned);
        let parsed = serde_json::from_value::<Jwk>(entry)
            .map_err(|_| "not a JWK")
            .and_then(|jwk| VerificationKey::from_jwk(&jwk, &client.allowed));
        match parsed {
            Ok(key) => keys.push(Arc::new(key)),
            Err(reason) => tracing::debug!(jwks.kid = kid, reason, "JWKS key ignored"),
        }
    }
    span.record("jwks.keys", keys.len());
    Ok(keys)
}

async fn fetch_body(client: &JwksClient, url: &Url) -> Result<Vec<u8>, String> {
    let mut response = client
        .http
        .get(url.clone())
        .header(ACCEPT, "application/jwk-set+json, application/json")
        .send()
        .await
        .map_err(|e| transport_failure(&e))?;
    let status = response.status();
    tracing::Span::current().record("http.status", status.as_u16());
    if !status.is_success() {
        return Err(format!("HTTP status {status}"));
    }
    let too_large = || format!("the body is larger than {MAX_JWKS_BYTES} bytes");
    if response
        .content_length()
        .is_some_and(|n| n > MAX_JWKS_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_failure(&e))? {
        if body.len().saturating_add(chunk.len()) > MAX_JWKS_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn transport_failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    }
}
