//! Why a bearer token was refused. Messages are safe to show to the caller: they never contain
//! the token, key material, or anything else the caller did not already send.

use jsonwebtoken::errors::ErrorKind;

/// A refused bearer token. Every variant but [`BearerError::KeysUnavailable`] is the caller's
/// fault (401); that one is ours (503, see [`BearerError::is_server_fault`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BearerError {
    /// Not a compact JWS with a JSON header and payload, or too large.
    #[error("the bearer token is malformed")]
    Malformed,
    /// The header names an algorithm that is not allowed (including `none` and HMAC).
    #[error("the bearer token's signature algorithm is not accepted")]
    AlgorithmNotAllowed,
    /// No configured key has the token's `kid` and algorithm.
    #[error("the bearer token was signed with an unknown key")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the bearer token's signature is invalid")]
    BadSignature,
    /// `exp` has passed (beyond the leeway).
    #[error("the bearer token has expired")]
    Expired,
    /// `nbf` is still ahead (beyond the leeway).
    #[error("the bearer token is not valid yet")]
    NotYetValid,
    /// `iss` is not the configured issuer.
    #[error("the bearer token was issued by an unexpected issuer")]
    WrongIssuer,
    /// `aud` does not name this service.
    #[error("the bearer token is not meant for this service")]
    WrongAudience,
    /// A required claim is absent or has the wrong type; the claim name comes from settings.
    #[error("the bearer token lacks the claim `{0}` or it has the wrong type")]
    MissingClaim(String),
    /// `exp` is further after `iat` than `bearer.max_token_lifetime_secs` allows.
    #[error("the bearer token lives longer than this service accepts")]
    LifetimeTooLong,
    /// A JWKS could not be fetched and no cached key matches.
    #[error("the keys to verify bearer tokens are unavailable")]
    KeysUnavailable,
}

impl BearerError {
    /// True when the failure is ours rather than the token's (answer 503, not 401).
    pub fn is_server_fault(&self) -> bool {
        matches!(self, BearerError::KeysUnavailable)
    }

    /// A stable, machine-readable reason for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            BearerError::Malformed => "malformed",
            BearerError::AlgorithmNotAllowed => "algorithm_not_allowed",
            BearerError::UnknownKey => "unknown_key",
            BearerError::BadSignature => "bad_signature",
            BearerError::Expired => "expired",
            BearerError::NotYetValid => "not_yet_valid",
            BearerError::WrongIssuer => "wrong_issuer",
            BearerError::WrongAudience => "wrong_audience",
            BearerError::MissingClaim(_) => "missing_claim",
            BearerError::LifetimeTooLong => "lifetime_too_long",
            BearerError::KeysUnavailable => "keys_unavailable",
        }
    }
}

impl From<jsonwebtoken::errors::Error> for BearerError {
    fn from(error: jsonwebtoken::errors::Error) -> Self {
        match error.into_kind() {
            ErrorKind::InvalidSignature
            | ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidEddsaKey
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidKeyFormat => BearerError::BadSignature,
            ErrorKind::ExpiredSignature => BearerError::Expired,
            ErrorKind::ImmatureSignature => BearerError::NotYetValid,
            ErrorKind::InvalidIssuer => BearerError::WrongIssuer,
            ErrorKind::InvalidAudience => BearerError::WrongAudience,
            ErrorKind::MissingRequiredClaim(claim) => BearerError::MissingClaim(claim),
            ErrorKind::InvalidAlgorithm
            | ErrorKind::MissingAlgorithm
            | ErrorKind::UnsupportedAlgorithm
            | ErrorKind::InvalidAlgorithmName => BearerError::AlgorithmNotAllowed,
            // Bad base64 or JSON, a non-numeric `exp`, and whatever jsonwebtoken adds later.
            _ => BearerError::Malformed,
        }
    }
}
