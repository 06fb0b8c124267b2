//! The `[oidc]` settings section and its checks.

use secrecy::SecretString;
use serde::Deserialize;
use url::{Host, Url};

/// Registered and standard claims, which openidconnect reads itself: an authorities claim must
/// be another one.
const STANDARD_CLAIMS: [&str; 30] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "nbf",
    "jti",
    "auth_time",
    "nonce",
    "acr",
    "amr",
    "azp",
    "at_hash",
    "c_hash",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
];

/// Single sign-on through an OpenID Connect provider (`[oidc]`, `CS__OIDC__...`): the
/// authorization code flow with PKCE S256, for agents at the browser.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcSettings {
    /// Whether the SSO login is offered. Default `false`.
    pub enabled: bool,
    /// The provider's issuer URL, exactly as the provider spells it (the ID tokens' `iss` must
    /// equal it); discovery reads `{issuer_url}/.well-known/openid-configuration` at start.
    /// https, or plain http to loopback (or with `allow_http`).
    pub issuer_url: Option<String>,
    /// Our client id at the provider.
    pub client_id: String,
    /// Our client secret (sent with HTTP Basic to the token endpoint). A secret: never logged.
    /// Absent for a public client, which PKCE alone protects.
    pub client_secret: Option<SecretString>,
    /// Our callback as the browser reaches it, registered at the provider, e.g.
    /// `https://cs.example.com/api/v1/session/oidc/callback`.
    pub redirect_url: Option<String>,
    /// Scopes to ask for besides `openid` (which is always asked for). Default `["openid", "profile"]`.
    pub scopes: Vec<String>,
    /// The ID token claim holding the agent's username; `sub` when it is absent. Default
    /// `preferred_username`.
    pub username_claim: String,
    /// The ID token claim holding the agent's display name. Default `name`.
    pub display_name_claim: String,
    /// The ID token claim holding the agent's authorities and group names: an array of strings
    /// or one space-separated string. Not a standard claim. Default `authorities`.
    pub authorities_claim: String,
    /// The identity provider's name on the login screen's button ("Sign in with {label}"); without
    /// it the button says "Sign in with SSO", in the agent's language. Default none.
    pub label: Option<String>,
    /// Seconds an agent has between starting the login and coming back. Default 600.
    pub flow_timeout_secs: u64,
    /// Milliseconds allowed for one call to the provider (discovery, keys, token). Default 5000.
    pub http_timeout_ms: u64,
    /// Allows a plain-http issuer that is not on loopback (a simulator on a private network).
    /// The client secret and ID tokens then cross the network unencrypted. Default `false`.
    pub allow_http: bool,
}

impl Default for OidcSettings {
    fn default() -> Self {
        OidcSettings {
            enabled: false,
            issuer_url: None,
            client_id: String::new(),
            client_secret: None,
            redirect_url: None,
            scopes: vec!["openid".to_owned(), "profile".to_owned()],
            username_claim: "preferred_username".to_owned(),
            display_name_claim: "name".to_owned(),
            authorities_claim: "authorities".to_owned(),
            label: None,
            flow_timeout_secs: 600,
            http_timeout_ms: 5000,
            allow_http: false,
        }
    }
}

/// An OIDC setting that cannot work; `key` is the full settings key, e.g. `oidc.issuer_url`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {reason}")]
pub struct OidcConfigError {
    /// The settings key at fault.
    pub key: String,
    /// What is wrong with it.
    pub reason: String,
}

fn error(key: &str, reason: impl Into<String>) -> OidcConfigError {
    OidcConfigError {
        key: key.to_owned(),
        reason: reason.into(),
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

impl OidcSettings {
    /// Checks what types alone cannot; the issuer, client and redirect URL only when `enabled`.
    pub fn validate(&self) -> Result<(), OidcConfigError> {
        for (key, value) in [
            ("oidc.username_claim", &self.username_claim),
            ("oidc.display_name_claim", &self.display_name_claim),
            ("oidc.authorities_claim", &self.authorities_claim),
        ] {
            if value.trim().is_empty() {
                return Err(error(key, "must not be empty"));
            }
        }
        if STANDARD_CLAIMS.contains(&self.authorities_claim.as_str()) {
            return Err(error(
                "oidc.authorities_claim",
                "must not be a registered or standard claim",
            ));
        }
        if let Some(label) = &self.label
            && (label.trim().is_empty() || label.chars().count() > 64)
        {
            return Err(error("oidc.label", "must be 1 to 64 characters"));
        }
        if let Some(bad) = self.scopes.iter().find(|s| {
            s.is_empty()
                || !s
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
        }) {
            return Err(error(
                "oidc.scopes",
                format!("{bad:?} is not a scope (printable ASCII, no spaces)"),
            ));
        }
        if !(1..=86_400).contains(&self.flow_timeout_secs) {
            return Err(error(
                "oidc.flow_timeout_secs",
                "must be between 1 and 86400",
            ));
        }
        if self.http_timeout_ms == 0 {
            return Err(error("oidc.http_timeout_ms", "must be greater than 0"));
        }
        if self.enabled {
            self.check_required()?;
        }
        Ok(())
    }

    fn check_required(&self) -> Result<(), OidcConfigError> {
        let required = "is required when oidc.enabled is true";
        let issuer = self
            .issuer_url
            .as_deref()
            .ok_or_else(|| error("oidc.issuer_url", required))?;
        let issuer = Url::parse(issuer).map_err(|e| error("oidc.issuer_url", e.to_string()))?;
        match issuer.scheme() {
            "https" => {}
            "http" if is_loopback(&issuer) || self.allow_http => {}
            "http" => {
                return Err(error(
                    "oidc.issuer_url",
                    "must use https (plain http only to loopback, or with oidc.allow_http)",
                ));
            }
            _ => return Err(error("oidc.issuer_url", "must be an https URL")),
        }
        if issuer.query().is_some() || issuer.fragment().is_some() || issuer.cannot_be_a_base() {
            return Err(error("oidc.issuer_url", "must have no query or fragment"));
        }
        if self.client_id.trim().is_empty() {
            return Err(error("oidc.client_id", required));
        }
        let redirect = self
            .redirect_url
            .as_deref()
            .ok_or_else(|| error("oidc.redirect_url", required))?;
        let redirect =
            Url::parse(redirect).map_err(|e| error("oidc.redirect_url", e.to_string()))?;
        if !matches!(redirect.scheme(), "http" | "https") || redirect.fragment().is_some() {
            return Err(error(
                "oidc.redirect_url",
                "must be an http or https URL without a fragment",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn enabled() -> OidcSettings {
        OidcSettings {
            enabled: true,
            issuer_url: Some("https://idp.example/realms/x".into()),
            client_id: "cs".into(),
            redirect_url: Some("https://cs.example/api/v1/session/oidc/callback".into()),
            ..OidcSettings::default()
        }
    }

    #[test]
    fn the_defaults_are_valid_and_disabled() {
        let settings = OidcSettings::default();
        assert!(!settings.enabled);
        settings.validate().unwrap();
        enabled().validate().unwrap();
    }

    #[test]
    fn errors_name_the_key() {
        type Change = fn(&mut OidcSettings);
        let cases: Vec<(Change, &str)> = vec![
            (|s| s.issuer_url = None, "oidc.issuer_url"),
            (
                |s| s.issuer_url = Some("http://idp.example".into()),
                "oidc.issuer_url",
            ),
            (
                |s| s.issuer_url = Some("idp.example".into()),
                "oidc.issuer_url",
            ),
            (
                |s| s.redirect_url = Some("/relative".into()),
                "oidc.redirect_url",
            ),
            (|s| s.client_id = " ".into(), "oidc.client_id"),
            (|s| s.redirect_url = None, "oidc.redirect_url"),
            (|s| s.scopes = vec!["a b".into()], "oidc.scopes"),
            (
                |s| s.authorities_claim = "sub".into(),
                "oidc.authorities_claim",
            ),
            (|s| s.username_claim = String::new(), "oidc.username_claim"),
            (|s| s.label = Some(" ".into()), "oidc.label"),
            (|s| s.flow_timeout_secs = 0, "oidc.flow_timeout_secs"),
            (|s| s.http_timeout_ms = 0, "oidc.http_timeout_ms"),
        ];
        for (change, key) in cases {
            let mut settings = enabled();
            change(&mut settings);
            assert_eq!(settings.validate().unwrap_err().key, key);
        }
    }

    #[test]
    fn plain_http_is_for_loopback_or_when_allowed() {
        let mut settings = enabled();
        settings.issuer_url = Some("http://127.0.0.1:7979/oidc".into());
        settings.validate().unwrap();
        settings.issuer_url = Some("http://onegini-sim:7979/oidc".into());
        assert!(settings.validate().is_err());
        settings.allow_http = true;
        settings.validate().unwrap();
    }
}
