//! Reading the agent out of a verified ID token: the username, display name and authorities
//! under the configured claim names.

use openidconnect::core::CoreGenderClaim;
use openidconnect::{AdditionalClaims, IdTokenClaims};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::accounts::ExternalIdentity;

/// Longest username accepted (the same bound as local accounts).
const MAX_USERNAME_CHARS: usize = 128;
/// Most authorities read from one token, and the longest one.
const MAX_AUTHORITIES: usize = 256;
const MAX_AUTHORITY_CHARS: usize = 256;

/// The ID token claims openidconnect does not know: openidconnect's additional-claims
/// mechanism hands us every non-standard claim here.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraClaims {
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

/// Verified ID token claims with ours.
pub(crate) type Claims = IdTokenClaims<ExtraClaims, CoreGenderClaim>;

/// The agent an ID token names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoIdentity {
    /// Who the provider says this is (`iss` and `sub`): a local account adds its rights only
    /// when it names exactly this.
    pub external: ExternalIdentity,
    /// The username (the configured claim, else `sub`).
    pub username: String,
    /// The display name, when the token has one.
    pub display_name: Option<String>,
    /// Authorities and group names, as the token lists them.
    pub authorities: Vec<String>,
}

/// Which claims hold what.
#[derive(Clone, Debug)]
pub(crate) struct ClaimNames {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) authorities: String,
}

/// The text of claim `name`: standard claims from openidconnect's parse, others from ours.
fn text(claims: &Claims, name: &str) -> Option<String> {
    fn localized<T: std::ops::Deref<Target = String>>(
        claim: Option<&openidconnect::LocalizedClaim<T>>,
    ) -> Option<String> {
        claim.and_then(|c| c.get(None)).map(|v| v.to_string())
    }
    let value = match name {
        "sub" => Some(claims.subject().as_str().to_owned()),
        "preferred_username" => claims.preferred_username().map(|u| u.as_str().to_owned()),
        "email" => claims.email().map(|e| e.as_str().to_owned()),
        "name" => localized(claims.name()),
        "nickname" => localized(claims.nickname()),
        "given_name" => localized(claims.given_name()),
        "family_name" => localized(claims.family_name()),
        other => claims
            .additional_claims()
            .other
            .get(other)
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Authorities: an array of strings, or one space-separated string; anything else is none.
fn authorities(claims: &Claims, name: &str) -> Vec<String> {
    let list: Vec<String> = match claims.additional_claims().other.get(name) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(text)) => text.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .filter(|a| !a.is_empty() && a.chars().count() <= MAX_AUTHORITY_CHARS)
        .take(MAX_AUTHORITIES)
        .collect()
}

/// The agent of verified `claims`, or `None` when no usable username is in them.
pub(crate) fn identity(claims: &Claims, names: &ClaimNames) -> Option<SsoIdentity> {
    let username = text(claims, &names.username).or_else(|| text(claims, "sub"))?;
    if username.chars().count() > MAX_USERNAME_CHARS || username.chars().any(char::is_control) {
        return None;
    }
    Some(SsoIdentity {
        external: ExternalIdentity {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
        },
        username,
        display_name: text(claims, &names.display_name),
        authorities: authorities(claims, &names.authorities),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    fn claims(extra: Value) -> Claims {
        let mut body = json!({
            "iss": "https://idp.example",
            "aud": "cs",
            "exp": 2_000_000_000,
            "iat": 1_700_000_000,
            "sub": "s-123",
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(body).unwrap()
    }

    fn names(username: &str, authorities: &str) -> ClaimNames {
        ClaimNames {
            username: username.into(),
            display_name: "name".into(),
            authorities: authorities.into(),
        }
    }

    #[test]
    fn standard_and_extra_claims_are_read_by_name() {
        let c = claims(json!({
            "preferred_username": "ann",
            "name": "Ann Agent",
            "authorities": ["USERS_ALL", "helpdesk-viewers"],
            "employee": "e-7",
        }));

        let id = identity(&c, &names("preferred_username", "authorities")).unwrap();
        assert_eq!(id.username, "ann");
        assert_eq!(id.display_name.as_deref(), Some("Ann Agent"));
        assert_eq!(id.authorities, ["USERS_ALL", "helpdesk-viewers"]);
        assert_eq!(
            identity(&c, &names("employee", "authorities"))
                .unwrap()
                .username,
            "e-7"
        );
    }

    #[test]
    fn the_username_falls_back_to_sub_and_authorities_may_be_a_string() {
        let c = claims(json!({ "roles": "USERS_ALL  AGENTS_READ" }));

        let id = identity(&c, &names("preferred_username", "roles")).unwrap();
        assert_eq!(id.username, "s-123");
        assert_eq!(id.display_name, None);
        assert_eq!(id.authorities, ["USERS_ALL", "AGENTS_READ"]);
        assert!(
            identity(&c, &names("preferred_username", "missing"))
                .unwrap()
                .authorities
                .is_empty()
        );
    }
}
