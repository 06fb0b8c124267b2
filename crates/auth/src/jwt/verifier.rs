//! The verifier: header first, then the key, then the signature, then the claims.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cs_clock::Clock;
use jsonwebtoken::Validation;
use serde_json::{Map, Value};
use tracing::field::Empty;

use super::claims::{self, ClaimNames, VerifiedToken};
use super::error::BearerError;
use super::header;
use super::jwks::{JwksClient, JwksSource};
use super::key_set::{self, VerificationKey};
use super::settings::{BearerConfigError, BearerSettings};
use crate::keys::KeyAlgorithm;

/// Verifies bearer tokens. Cheap to clone; clones share the JWKS cache.
#[derive(Clone)]
pub struct BearerVerifier {
    inner: Arc<Inner>,
}

struct Inner {
    allowed: Vec<KeyAlgorithm>,
    /// One per allowed algorithm, so jsonwebtoken only ever accepts the algorithm of the key
    /// we picked.
    validations: Vec<(KeyAlgorithm, Validation)>,
    static_keys: Vec<Arc<VerificationKey>>,
    sources: Vec<JwksSource>,
    client: JwksClient,
    claims: ClaimNames,
}

impl BearerVerifier {
    /// Checks `settings` and loads the static public keys. JWKS URLs are fetched on first use,
    /// so an identity provider that is down at startup does not stop the server.
    ///
    /// `clock` times the JWKS cache (its TTL and the minimum interval between fetches). A
    /// token's `exp` and `nbf` are checked by jsonwebtoken against the system clock.
    pub fn new(settings: &BearerSettings, clock: Clock) -> Result<Self, BearerConfigError> {
        settings.validate()?;
        if !settings.enabled {
            return Err(BearerConfigError::new(
                "bearer.enabled",
                "is false; build a verifier only when bearer tokens are accepted",
            ));
        }
        let allowed = settings.allowed_algorithms()?;
        let static_keys = settings
            .public_keys
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                VerificationKey::from_settings_entry(entry, &allowed)
                    .map(Arc::new)
                    .map_err(|reason| {
                        BearerConfigError::new(format!("bearer.public_keys[{i}]"), reason)
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(settings.http_timeout_ms))
            // A JWKS URL is configured exactly; a redirect could lead to keys we never chose.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                BearerConfigError::new(
                    "bearer.jwks_urls",
                    format!("cannot build the HTTP client: {e}"),
                )
            })?;
        let validations = allowed
            .iter()
            .map(|alg| (*alg, validation(*alg, settings)))
            .collect();
        Ok(BearerVerifier {
            inner: Arc::new(Inner {
                validations,
                static_keys,
                sources: settings
                    .jwks_urls
                    .iter()
                    .cloned()
                    .map(JwksSource::new)
                    .collect(),
                client: JwksClient {
                    http,
                    allowed: allowed.clone(),
                    ttl: Duration::from_secs(settings.jwks_cache_ttl_secs),
                    min_interval: Duration::from_secs(settings.jwks_refresh_min_interval_secs),
                    clock,
                },
                allowed,
                claims: ClaimNames {
                    username: settings.username_claim.clone(),
                    display_name: settings.display_name_claim.clone(),
                    authorities: settings.authorities_claim.clone(),
                    max_lifetime_secs: i64::try_from(settings.max_token_lifetime_secs)
                        .unwrap_or(i64::MAX),
                },
            }),
        })
    }

    /// Verifies `token` (the part after `Bearer `). Failures are logged at debug with their
    /// reason; the token itself is never logged.
    #[tracing::instrument(name = "bearer_verify", skip_all, fields(jwt.alg = Empty, bearer.outcome = Empty))]
    pub async fn verify(&self, token: &str) -> Result<VerifiedToken, BearerError> {
        let result = self.check(token).await;
        let span = tracing::Span::current();
        match &result {
            Ok(_) => {
                span.record("bearer.outcome", "verified");
            }
            Err(error) => {
                span.record("bearer.outcome", error.code());
                tracing::debug!(bearer.reason = error.code(), "bearer token refused");
            }
        }
        result
    }

    async fn check(&self, token: &str) -> Result<VerifiedToken, BearerError> {
        let header = header::parse(token)?;
        // Judge the algorithm before any key is touched; `none` and HS* can never be listed.
        let algorithm = KeyAlgorithm::from_name(&header.alg)
            .filter(|alg| self.inner.allowed.contains(alg))
            .ok_or(BearerError::AlgorithmNotAllowed)?;
        tracing::Span::current().record("jwt.alg", algorithm.name());
        let key = self.key_for(algorithm, header.kid.as_deref()).await?;
        let validation = self
            .inner
            .validations
            .iter()
            .find(|(alg, _)| *alg == key.algorithm)
            .map(|(_, validation)| validation)
            .ok_or(BearerError::AlgorithmNotAllowed)?;
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, validation)?;
        claims::extract(&data.claims, &self.inner.claims)
    }

    async fn key_for(
        &self,
        algorithm: KeyAlgorithm,
        kid: Option<&str>,
    ) -> Result<Arc<VerificationKey>, BearerError> {
        let inner = &self.inner;
        for source in &inner.sources {
            source.ensure_fresh(&inner.client).await;
        }
        if let Some(key) = self.find(algorithm, kid) {
            return Ok(key);
        }
        // The issuer may have rotated in a new key since we last looked; rate-limited per URL.
        for source in &inner.sources {
            source.refresh_for_unknown_key(&inner.client).await;
        }
        if let Some(key) = self.find(algorithm, kid) {
            return Ok(key);
        }
        if inner.sources.iter().any(JwksSource::is_unavailable) {
            Err(BearerError::KeysUnavailable)
        } else {
            Err(BearerError::UnknownKey)
        }
    }

    fn find(&self, algorithm: KeyAlgorithm, kid: Option<&str>) -> Option<Arc<VerificationKey>> {
        let fetched: Vec<_> = self
            .inner
            .sources
            .iter()
            .filter_map(JwksSource::keys)
            .collect();
        let all = self
            .inner
            .static_keys
            .iter()
            .chain(fetched.iter().flat_map(|keys| keys.iter()));
        key_set::select(all, algorithm, kid)
    }
}

impl fmt::Debug for BearerVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerVerifier")
            .field("algorithms", &self.inner.allowed)
            .field("static_keys", &self.inner.static_keys.len())
            .field("jwks_urls", &self.inner.sources.len())
            .finish_non_exhaustive()
    }
}

fn validation(algorithm: KeyAlgorithm, settings: &BearerSettings) -> Validation {
    let mut validation = Validation::new(algorithm.jwt_algorithm());
    validation.leeway = settings.leeway_secs;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = true;
    validation.set_issuer(&[&settings.issuer]);
    validation.set_audience(&[&settings.audience]);
    // Without these, jsonwebtoken skips the `iss`/`aud` checks for a token that simply omits them.
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation
}
