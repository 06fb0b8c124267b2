//! The `[bearer]` settings: defaults, and refusal of what cannot be safe.

use cs_auth::jwt::{BearerConfigError, BearerSettings, BearerVerifier};
use cs_clock::Clock;
use figment::Figment;
use figment::providers::{Format, Toml};

use crate::helpers::{ec_key, settings_for};

/// A way to spoil settings.
type Breaker = fn(&mut BearerSettings);

fn from_toml(toml: &str) -> Result<BearerSettings, String> {
    Figment::from(Toml::string(toml))
        .extract_inner("bearer")
        .map_err(|e| e.to_string())
}

fn problem(settings: &BearerSettings) -> BearerConfigError {
    let from_validate = settings.validate().unwrap_err();
    let from_new = BearerVerifier::new(settings, Clock::system()).unwrap_err();
    assert_eq!(from_validate, from_new);
    from_validate
}

#[test]
fn an_empty_bearer_section_gives_the_defaults() {
    let settings = from_toml("[bearer]\n").unwrap();

    assert_eq!(settings, BearerSettings::default());
    assert!(!settings.enabled);
    assert_eq!(settings.algorithms, ["RS256", "ES256", "EdDSA"]);
    assert_eq!(settings.leeway_secs, 30);
    assert_eq!(settings.authorities_claim, "authorities");
    assert_eq!(settings.username_claim, "sub");
    assert_eq!(settings.display_name_claim, "name");
    assert_eq!(settings.jwks_refresh_min_interval_secs, 60);
    assert_eq!(settings.jwks_cache_ttl_secs, 300);
    assert_eq!(settings.http_timeout_ms, 3000);
    assert!(settings.validate().is_ok());
}

#[test]
fn a_full_bearer_section_is_read() {
    let settings = from_toml(
        r#"
        [bearer]
        enabled = true
        issuer = "https://idp.example/realms/cs"
        audience = "customer-service"
        algorithms = ["ES256"]
        jwks_urls = ["https://idp.example/realms/cs/certs"]
        leeway_secs = 10
        authorities_claim = "roles"
        "#,
    )
    .unwrap();

    assert!(settings.validate().is_ok());
    assert!(BearerVerifier::new(&settings, Clock::system()).is_ok());
}

#[test]
fn unknown_keys_are_refused() {
    assert!(from_toml("[bearer]\nalgorithm = [\"RS256\"]\n").is_err());
}

#[test]
fn hmac_none_and_other_algorithms_are_refused_naming_bearer_algorithms() {
    for alg in [
        "HS256", "HS512", "none", "None", "PS256", "RS384", "ES384", "rs256", "",
    ] {
        let toml = format!(
            "[bearer]\nenabled = true\nissuer = \"i\"\naudience = \"a\"\n\
             jwks_urls = [\"https://idp.example/certs\"]\nalgorithms = [\"RS256\", \"{alg}\"]\n"
        );
        let settings = from_toml(&toml).unwrap();

        let error = problem(&settings);

        assert_eq!(error.key, "bearer.algorithms", "{alg}");
        assert!(error.to_string().starts_with("bearer.algorithms: "));
    }
    let mut empty = settings_for(None);
    empty.algorithms.clear();
    assert_eq!(empty.validate().unwrap_err().key, "bearer.algorithms");
}

#[test]
fn enabled_settings_need_an_issuer_an_audience_and_keys() {
    let mut settings = settings_for(None);
    settings.public_keys = vec![ec_key("k").public_pem()];
    assert!(settings.validate().is_ok());

    let cases: [(&str, Breaker); 4] = [
        ("bearer.issuer", |s| s.issuer.clear()),
        ("bearer.audience", |s| s.audience = " ".to_owned()),
        ("bearer.jwks_urls", |s| s.public_keys.clear()),
        ("bearer.leeway_secs", |s| s.leeway_secs = 301),
    ];
    for (key, break_it) in cases {
        let mut broken = settings.clone();
        break_it(&mut broken);
        assert_eq!(problem(&broken).key, key);
    }
}

#[test]
fn other_bad_numbers_and_names_are_refused() {
    let cases: [(&str, Breaker); 5] = [
        ("bearer.http_timeout_ms", |s| s.http_timeout_ms = 0),
        ("bearer.jwks_refresh_min_interval_secs", |s| {
            s.jwks_refresh_min_interval_secs = 0
        }),
        ("bearer.authorities_claim", |s| s.authorities_claim.clear()),
        ("bearer.username_claim", |s| s.username_claim.clear()),
        ("bearer.display_name_claim", |s| {
            s.display_name_claim.clear()
        }),
    ];
    for (key, break_it) in cases {
        let mut broken = BearerSettings::default();
        break_it(&mut broken);
        assert_eq!(broken.validate().unwrap_err().key, key);
    }
}

#[test]
fn jwks_urls_must_be_https_except_on_loopback() {
    for (url, ok) in [
        ("https://idp.example/certs", true),
        ("http://127.0.0.1:8080/certs", true),
        ("http://localhost/certs", true),
        ("http://[::1]/certs", true),
        ("http://idp.example/certs", false),
        ("ftp://idp.example/certs", false),
        ("https://user:pw@idp.example/certs", false),
    ] {
        let settings = settings_for(Some(url.parse().unwrap()));
        match settings.validate() {
            Ok(()) => assert!(ok, "{url} accepted"),
            Err(error) => {
                assert!(!ok, "{url} refused: {error}");
                assert_eq!(error.key, "bearer.jwks_urls[0]");
            }
        }
    }
}

#[test]
fn public_keys_must_be_readable_public_keys() {
    let key = ec_key("k");
    for entry in [
        key.to_pem(),
        "/nonexistent/cs-auth/key.pem".to_owned(),
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".to_owned(),
    ] {
        let mut settings = settings_for(None);
        settings.public_keys = vec![key.public_pem(), entry];

        let error = BearerVerifier::new(&settings, Clock::system()).unwrap_err();

        assert_eq!(error.key, "bearer.public_keys[1]");
        assert!(!error.reason.contains("PRIVATE KEY-----\n"));
    }
}

#[test]
fn a_public_key_of_an_algorithm_left_out_is_refused() {
    let mut settings = settings_for(None);
    settings.algorithms = vec!["RS256".to_owned()];
    settings.public_keys = vec![ec_key("k").public_pem()];

    assert_eq!(
        BearerVerifier::new(&settings, Clock::system())
            .unwrap_err()
            .key,
        "bearer.public_keys[0]"
    );
}

#[test]
fn a_verifier_is_not_built_from_disabled_settings() {
    let mut settings = settings_for(Some("https://idp.example/certs".parse().unwrap()));
    settings.enabled = false;

    assert_eq!(
        BearerVerifier::new(&settings, Clock::system())
            .unwrap_err()
            .key,
        "bearer.enabled"
    );
}
