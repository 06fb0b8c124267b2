//! Turning verified claims into who the caller is.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::error::BearerError;

/// The caller a verified bearer token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The agent's user name, from `bearer.username_claim`.
    pub subject: String,
    /// The agent's display name, from `bearer.display_name_claim`, when the token has one.
    pub display_name: Option<String>,
    /// Authorities from `bearer.authorities_claim`, in token order without duplicates; empty
    /// when the token has none.
    pub authorities: Vec<String>,
    /// `exp`, Unix seconds.
    pub expires_at: i64,
    /// `iss`.
    pub issuer: String,
    /// `sub`: who the issuer says the caller is. A local account adds its rights only when it
    /// names this issuer and subject.
    pub sub: String,
}

/// The claim names from settings.
#[derive(Debug, Clone)]
pub(crate) struct ClaimNames {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) authorities: String,
    /// The longest `exp` minus `iat` accepted, in seconds.
    pub(crate) max_lifetime_secs: i64,
}

/// Reads the caller from claims whose signature, `exp`, `nbf`, `iss` and `aud` were checked.
pub(crate) fn extract(
    claims: &Map<String, Value>,
    names: &ClaimNames,
) -> Result<VerifiedToken, BearerError> {
    let subject = match claims.get(&names.username) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(BearerError::MissingClaim(names.username.clone())),
    };
    // Optional and cosmetic: a display name of the wrong type is ignored, not fatal.
    let display_name = match claims.get(&names.display_name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    };
    let authorities = authorities(claims.get(&names.authorities))
        .ok_or_else(|| BearerError::MissingClaim(names.authorities.clone()))?;
    let expires_at = seconds(claims.get("exp")).ok_or(BearerError::Malformed)?;
    let issued_at =
        seconds(claims.get("iat")).ok_or_else(|| BearerError::MissingClaim("iat".into()))?;
    if expires_at.saturating_sub(issued_at) > names.max_lifetime_secs {
        return Err(BearerError::LifetimeTooLong);
    }
    let sub = match claims.get("sub") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(BearerError::MissingClaim("sub".into())),
    };
    // jsonwebtoken accepts an `iss` array that merely contains ours; we want exactly ours.
    let issuer = match claims.get("iss") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(BearerError::WrongIssuer),
    };
    Ok(VerifiedToken {
        subject,
        display_name,
        authorities,
        expires_at,
        issuer,
        sub,
    })
}

/// A NumericDate claim (Unix seconds; fractions are cut off).
fn seconds(value: Option<&Value>) -> Option<i64> {
    value.and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

/// An array of strings or one space-separated string; absent is none. `None` for a wrong type.
fn authorities(value: Option<&Value>) -> Option<Vec<String>> {
    let listed: Vec<&str> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split_whitespace().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    let mut seen = HashSet::with_capacity(listed.len());
    Some(
        listed
            .into_iter()
            .map(str::trim)
            .filter(|a| !a.is_empty() && seen.insert(*a))
            .map(str::to_owned)
            .collect(),
    )
}
