//! The relying party: discovery at start, the authorization request, and the callback (code
//! exchange with the PKCE verifier, ID token verification against the provider's keys).

use std::sync::RwLock;
use std::time::{Duration, Instant};

use cs_clock::Clock;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields,
    IdTokenVerifier, IssuerUrl, JsonWebKeySet, JsonWebKeySetUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, SignatureVerificationError, StandardErrorResponse,
    StandardTokenResponse, TokenResponse as _,
};
use secrecy::ExposeSecret;
use url::Url;

use super::claims::{ClaimNames, ExtraClaims, SsoIdentity, identity};
use super::flow::{PendingLogin, SsoError, safe_return_to};
use super::http::ProviderHttp;
use super::settings::{OidcConfigError, OidcSettings};
use subtle::ConstantTimeEq;

/// A JWKS is fetched again for an unknown key at most this often.
const KEYS_REFRESH_MIN_INTERVAL: Duration = Duration::from_secs(60);

type TokenFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type ProviderTokenResponse = StandardTokenResponse<TokenFields, CoreTokenType>;
type ProviderClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    ProviderTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
    EndpointMaybeSet,
>;

/// Why single sign-on could not be set up at start.
#[derive(Debug, thiserror::Error)]
pub enum OidcStartError {
    /// A setting is unusable.
    #[error("invalid configuration: {0}")]
    Config(#[from] OidcConfigError),
    /// Discovery failed or found a provider we cannot use.
    #[error("invalid configuration: oidc.issuer_url: {issuer}: {reason}")]
    Discovery {
        /// The configured issuer.
        issuer: String,
        /// What went wrong.
        reason: String,
    },
}

/// What the provider sent the browser back with (`GET .../oidc/callback?code=&state=` or
/// `?error=&state=`).
#[derive(Clone, Debug, Default)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The state, which must be ours.
    pub state: Option<String>,
    /// The provider's error code.
    pub error: Option<String>,
}

/// A finished login: who, and where to send them.
#[derive(Clone, Debug)]
pub struct SsoLogin {
    /// The agent the ID token names.
    pub identity: SsoIdentity,
    /// The same-site path the login started from.
    pub return_to: String,
}

struct Keys {
    set: CoreJsonWebKeySet,
    fetched: Instant,
}

/// The configured provider, discovered at start.
pub struct OidcClient {
    client: ProviderClient,
    http: ProviderHttp,
    client_id: ClientId,
    issuer: IssuerUrl,
    jwks_uri: JsonWebKeySetUrl,
    algorithms: Vec<CoreJwsSigningAlgorithm>,
    keys: RwLock<Keys>,
    scopes: Vec<Scope>,
    names: ClaimNames,
    flow_timeout_secs: i64,
    label: Option<String>,
    clock: Clock,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id.as_str())
            .finish_non_exhaustive()
    }
}

/// Asymmetric algorithms only: an HMAC "signature" would be made with our client secret.
fn asymmetric(alg: &CoreJwsSigningAlgorithm) -> bool {
    use CoreJwsSigningAlgorithm as A;
    matches!(
        alg,
        A::RsaSsaPkcs1V15Sha256
            | A::RsaSsaPkcs1V15Sha384
            | A::RsaSsaPkcs1V15Sha512
            | A::RsaSsaPssSha256
            | A::RsaSsaPssSha384
            | A::RsaSsaPssSha512
            | A::EcdsaP256Sha256
            | A::EcdsaP384Sha384
            | A::EcdsaP521Sha512
            | A::EdDsa
    )
}

impl OidcClient {
    /// Checks the settings and reads the provider's discovery document and keys. Fails with
    /// an error naming `oidc.issuer_url` when the provider cannot be used.
    ///
    /// `clock` times logins in flight (`oidc.flow_timeout_secs`) and how often the provider's
    /// keys may be fetched again. The ID token's own times (`exp`, `iat`) are checked by
    /// openidconnect against the system clock.
    pub async fn discover(
        settings: &OidcSettings,
        clock: Clock,
    ) -> Result<OidcClient, OidcStartError> {
        settings.validate()?;
        let config = |key: &str, reason: String| OidcConfigError {
            key: key.to_owned(),
            reason,
        };
        let issuer_text = settings.issuer_url.clone().unwrap_or_default();
        let discovery = |reason: String| OidcStartError::Discovery {
            issuer: issuer_text.clone(),
            reason,
        };
        let issuer = IssuerUrl::new(issuer_text.clone())
            .map_err(|e| config("oidc.issuer_url", e.to_string()))?;
        let redirect = RedirectUrl::new(settings.redirect_url.clone().unwrap_or_default())
            .map_err(|e| config("oidc.redirect_url", e.to_string()))?;
        let http = ProviderHttp::new(Duration::from_millis(settings.http_timeout_ms))
            .map_err(|e| discovery(format!("no HTTP client: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer.clone(), &http.caller())
            .await
            .map_err(|e| discovery(format!("discovery failed: {e}")))?;
        let token_url = metadata
            .token_endpoint()
            .cloned()
            .ok_or_else(|| discovery("the provider has no token endpoint".into()))?;
        let algorithms: Vec<_> = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|alg| asymmetric(alg))
            .cloned()
            .collect();
        if algorithms.is_empty() {
            return Err(discovery(
                "the provider signs ID tokens with no asymmetric algorithm".into(),
            ));
        }
        let jwks_uri = metadata.jwks_uri().clone();
        let keys = Keys {
            set: metadata.jwks().clone(),
            fetched: clock.instant(),
        };
        let client_id = ClientId::new(settings.client_id.clone());
        let secret = settings
            .client_secret
            .as_ref()
            .map(|s| ClientSecret::new(s.expose_secret().to_owned()));
        let client: ProviderClient =
            Client::from_provider_metadata(metadata, client_id.clone(), secret)
                .set_redirect_uri(redirect)
                .set_token_uri(token_url);
        Ok(OidcClient {
            client,
            http,
            client_id,
            issuer,
            jwks_uri,
            algorithms,
            keys: RwLock::new(keys),
            // `openid` is always sent by openidconnect; listing it again would repeat it.
            scopes: settings
                .scopes
                .iter()
                .filter(|s| s.as_str() != "openid")
                .map(|s| Scope::new(s.clone()))
                .collect(),
            names: ClaimNames {
                username: settings.username_claim.clone(),
                display_name: settings.display_name_claim.clone(),
                authorities: settings.authorities_claim.clone(),
            },
            flow_timeout_secs: i64::try_from(settings.flow_timeout_secs).unwrap_or(i64::MAX),
            label: settings.label.clone(),
            clock,
        })
    }

    /// The provider's name for the login button, when one is configured.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// Starts a login: the provider's authorization URL (code flow, PKCE S256, fresh state and
    /// nonce) and what the callback must see again, to be kept in the session.
    pub fn begin(&self, return_to: &str) -> (Url, PendingLogin) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.scopes {
            request = request.add_scope(scope.clone());
        }
        let (url, state, nonce) = request.url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            return_to: safe_return_to(return_to),
            started_at: self.clock.unix_secs(),
        };
        (url, pending)
    }

    /// Finishes a login: the login in flight (taken from the session) must exist, be recent
    /// and have sent this `state`; the code is exchanged with its PKCE verifier, and the ID
    /// token must be signed by the provider's key, for us, unexpired, and carry our nonce.
    pub async fn complete(
        &self,
        pending: Option<PendingLogin>,
        callback: &Callback,
    ) -> Result<SsoLogin, SsoError> {
        let pending = pending.ok_or(SsoError::NoFlow)?;
        let age = self.clock.unix_secs().saturating_sub(pending.started_at);
        if !(0..=self.flow_timeout_secs).contains(&age) {
            return Err(SsoError::Expired);
        }
        let state_ok = callback
            .state
            .as_deref()
            .is_some_and(|state| bool::from(state.as_bytes().ct_eq(pending.state.as_bytes())));
        if !state_ok {
            return Err(SsoError::StateMismatch);
        }
        if let Some(error) = &callback.error {
            return Err(SsoError::provider(error));
        }
        let code = callback.code.clone().ok_or(SsoError::ExchangeFailed)?;
        let token = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http.caller())
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "sso: the code exchange failed");
                SsoError::ExchangeFailed
            })?;
        let id_token = token.id_token().ok_or_else(|| {
            tracing::warn!("sso: the token response has no ID token");
            SsoError::InvalidIdToken
        })?;
        let nonce = Nonce::new(pending.nonce);
        let verified = match id_token.claims(&self.verifier(), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) if self.refresh_keys().await => id_token.claims(&self.verifier(), &nonce),
            other => other,
        };
        let claims = verified.map_err(|error| match error {
            ClaimsVerificationError::InvalidNonce(_) => SsoError::NonceMismatch,
            other => {
                tracing::warn!(error = %other, "sso: the ID token was refused");
                SsoError::InvalidIdToken
            }
        })?;
        let identity = identity(claims, &self.names).ok_or_else(|| {
            tracing::warn!("sso: the ID token names no usable username");
            SsoError::InvalidIdToken
        })?;
        Ok(SsoLogin {
            identity,
            return_to: pending.return_to,
        })
    }

    fn verifier(&self) -> IdTokenVerifier<'static, CoreJsonWebKey> {
        let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
        IdTokenVerifier::new_public_client(
            self.client_id.clone(),
            self.issuer.clone(),
            keys.set.clone(),
        )
        .set_allowed_algs(self.algorithms.clone())
    }

    /// Fetches the provider's keys again (it may have rotated them), at most once a minute;
    /// whether there are new ones to try.
    async fn refresh_keys(&self) -> bool {
        let due = {
            let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
            self.clock.elapsed(keys.fetched) >= KEYS_REFRESH_MIN_INTERVAL
        };
        if !due {
            return false;
        }
        match JsonWebKeySet::fetch_async(&self.jwks_uri, &self.http.caller()).await {
            Ok(set) => {
                let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
                *keys = Keys {
                    set,
                    fetched: self.clock.instant(),
                };
                true
            }
            Err(error) => {
                tracing::warn!(error = %error, "sso: the provider's keys could not be fetched");
                let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
                keys.fetched = self.clock.instant();
                false
            }
        }
    }
}
