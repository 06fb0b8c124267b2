//! Our own reading of the JOSE header, done before jsonwebtoken sees the token, so that the
//! algorithm is judged from the raw string (`none`, `HS256`, `none ` alike) and nothing about
//! keys happens for a token we would refuse anyway.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::error::BearerError;

/// Larger tokens are refused unread. Real access tokens are a few KiB; this bounds the work an
/// anonymous caller can make us do per request.
pub(crate) const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The header fields key selection needs.
pub(crate) struct TokenHeader {
    /// `alg`, exactly as sent.
    pub(crate) alg: String,
    /// `kid`, when present.
    pub(crate) kid: Option<String>,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

/// Splits the compact JWS and reads its header; any deviation from the format is `Malformed`.
pub(crate) fn parse(token: &str) -> Result<TokenHeader, BearerError> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err(BearerError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BearerError::Malformed);
    };
    // The signature may be empty here: `alg: none` tokens end in a dot, and they deserve the
    // algorithm error rather than a format one.
    if header.is_empty()
        || payload.is_empty()
        || ![header, payload, signature].iter().all(|p| is_base64url(p))
    {
        return Err(BearerError::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| BearerError::Malformed)?;
    let raw: RawHeader = serde_json::from_slice(&bytes).map_err(|_| BearerError::Malformed)?;
    // RFC 7515 §4.1.11: extensions marked critical must be understood; we understand none.
    if raw.crit.is_some() {
        return Err(BearerError::Malformed);
    }
    Ok(TokenHeader {
        alg: raw.alg,
        kid: raw.kid,
    })
}

fn is_base64url(part: &str) -> bool {
    part.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
