//! The `[bearer]` settings section and its checks.

use serde::Deserialize;
use url::{Host, Url};

use crate::keys::KeyAlgorithm;

/// Largest accepted `leeway_secs`: more would make `exp` and `nbf` meaningless.
pub const MAX_LEEWAY_SECS: u64 = 300;

/// Bearer JWTs for third-party tooling (`[bearer]`, `CS__BEARER__...`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct BearerSettings {
    /// Whether `Authorization: Bearer` is accepted at all. Default `false`.
    pub enabled: bool,
    /// The exact `iss` tokens must carry.
    pub issuer: String,
    /// The `aud` tokens must carry (as the string, or as one member of an array).
    pub audience: String,
    /// Accepted signature algorithms; only `RS256`, `ES256` and `EdDSA` may be listed. HMAC and
    /// `none` can never be used: with public keys they are forgeries waiting to happen.
    pub algorithms: Vec<String>,
    /// JWKS documents to fetch keys from (https; plain http only to a loopback address).
    pub jwks_urls: Vec<Url>,
    /// Static public keys, each either SPKI PEM text (starting with `-----BEGIN`) or the path of
    /// a file holding one. The algorithm follows from the key type (RSA → RS256, P-256 → ES256,
    /// Ed25519 → EdDSA); the key id is the key's RFC 7638 SHA-256 thumbprint.
    pub public_keys: Vec<String>,
    /// Clock skew allowed on `exp` and `nbf`, in seconds (at most 300). Default 30.
    pub leeway_secs: u64,
    /// The claim holding the agent's authorities: an array of strings or one space-separated
    /// string (like `scope`). A top-level claim name; dots are not paths. Default `authorities`.
    pub authorities_claim: String,
    /// The claim holding the agent's user name. Default `sub`.
    pub username_claim: String,
    /// The claim holding the agent's display name (optional in tokens). Default `name`.
    pub display_name_claim: String,
    /// A token with an unknown `kid` refetches a JWKS only if it was last fetched at least this
    /// many seconds ago, so random kids cannot make us hammer the identity provider. Default 60.
    pub jwks_refresh_min_interval_secs: u64,
    /// A fetched JWKS is used for this many seconds, then fetched again, so a key removed from
    /// it stops working. 0 refetches on every verification (tests only). Default 300.
    pub jwks_cache_ttl_secs: u64,
    /// Milliseconds allowed for a whole JWKS fetch. Default 3000.
    pub http_timeout_ms: u64,
    /// The longest lifetime (`exp` minus `iat`) a token may have, in seconds; longer ones are
    /// refused, so a leaked long-lived token is not a key for years. Default 86400 (24 h).
    pub max_token_lifetime_secs: u64,
}

impl Default for BearerSettings {
    fn default() -> Self {
        BearerSettings {
            enabled: false,
            issuer: String::new(),
            audience: String::new(),
            algorithms: KeyAlgorithm::ALL
                .iter()
                .map(|alg| alg.name().to_owned())
                .collect(),
            jwks_urls: Vec::new(),
            public_keys: Vec::new(),
            leeway_secs: 30,
            authorities_claim: "authorities".to_owned(),
            username_claim: "sub".to_owned(),
            display_name_claim: "name".to_owned(),
            jwks_refresh_min_interval_secs: 60,
            jwks_cache_ttl_secs: 300,
            http_timeout_ms: 3000,
            max_token_lifetime_secs: 24 * 3600,
        }
    }
}

/// A bearer setting that cannot work; `key` is the full settings key, e.g. `bearer.algorithms`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {reason}")]
pub struct BearerConfigError {
    /// The settings key at fault, e.g. `bearer.algorithms` or `bearer.public_keys[1]`.
    pub key: String,
    /// What is wrong with it.
    pub reason: String,
}

impl BearerConfigError {
    pub(crate) fn new(key: impl Into<String>, reason: impl Into<String>) -> Self {
        BearerConfigError {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

impl BearerSettings {
    /// Checks what types alone cannot. The issuer, audience and some key source are required
    /// only when `enabled`; everything else is checked either way.
    pub fn validate(&self) -> Result<(), BearerConfigError> {
        self.allowed_algorithms()?;
        if self.leeway_secs > MAX_LEEWAY_SECS {
            return Err(BearerConfigError::new(
                "bearer.leeway_secs",
                format!("must be at most {MAX_LEEWAY_SECS}"),
            ));
        }
        for (key, value) in [
            ("bearer.http_timeout_ms", self.http_timeout_ms),
            (
                "bearer.max_token_lifetime_secs",
                self.max_token_lifetime_secs,
            ),
            (
                "bearer.jwks_refresh_min_interval_secs",
                self.jwks_refresh_min_interval_secs,
            ),
        ] {
            if value == 0 {
                return Err(BearerConfigError::new(key, "must be greater than 0"));
            }
        }
        for (key, value) in [
            ("bearer.authorities_claim", &self.authorities_claim),
            ("bearer.username_claim", &self.username_claim),
            ("bearer.display_name_claim", &self.display_name_claim),
        ] {
            if value.trim().is_empty() {
                return Err(BearerConfigError::new(key, "must not be empty"));
            }
        }
        for (i, url) in self.jwks_urls.iter().enumerate() {
            check_jwks_url(url)
                .map_err(|r| BearerConfigError::new(format!("bearer.jwks_urls[{i}]"), r))?;
        }
        for (i, entry) in self.public_keys.iter().enumerate() {
            if entry.trim().is_empty() {
                return Err(BearerConfigError::new(
                    format!("bearer.public_keys[{i}]"),
                    "must be PEM text or a file path",
                ));
            }
        }
        if self.enabled {
            self.check_required()?;
        }
        Ok(())
    }

    fn check_required(&self) -> Result<(), BearerConfigError> {
        let required = "is required when bearer.enabled is true";
        if self.issuer.trim().is_empty() {
            return Err(BearerConfigError::new("bearer.issuer", required));
        }
        if self.audience.trim().is_empty() {
            return Err(BearerConfigError::new("bearer.audience", required));
        }
        if self.jwks_urls.is_empty() && self.public_keys.is_empty() {
            return Err(BearerConfigError::new(
                "bearer.jwks_urls",
                "bearer.jwks_urls or bearer.public_keys must name at least one key source",
            ));
        }
        Ok(())
    }

    /// The algorithm allow-list, parsed.
    pub(crate) fn allowed_algorithms(&self) -> Result<Vec<KeyAlgorithm>, BearerConfigError> {
        const KEY: &str = "bearer.algorithms";
        if self.algorithms.is_empty() {
            return Err(BearerConfigError::new(
                KEY,
                "must list at least one algorithm",
            ));
        }
        let mut allowed = Vec::new();
        for name in &self.algorithms {
            let alg = KeyAlgorithm::from_name(name).ok_or_else(|| {
                BearerConfigError::new(
                    KEY,
                    format!(
                        "`{name}` is not accepted; only RS256, ES256 and EdDSA are (never `none` \
                         or an HMAC algorithm, which would let a public key sign tokens)"
                    ),
                )
            })?;
            if !allowed.contains(&alg) {
                allowed.push(alg);
            }
        }
        Ok(allowed)
    }
}

/// Keys fetched over plain http could be swapped by anyone on the path, which would let them
/// sign any token; loopback is allowed for tests and a sidecar identity provider.
fn check_jwks_url(url: &Url) -> Result<(), &'static str> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials");
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err("must use https (plain http only to a loopback address)"),
        _ => Err("must be an https URL"),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
