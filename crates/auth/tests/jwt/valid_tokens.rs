//! Tokens that must be accepted, and what the verifier reads from them.

use std::time::Duration;

use cs_auth::jwt::{BearerError, BearerVerifier};
use cs_auth::keys::MintClaims;
use cs_clock::Clock;

use crate::helpers::{
    AUDIENCE, Claims, ISSUER, Idp, ec_key, ed_key, now, rsa_key, settings_for, signed_without_kid,
};

#[tokio::test]
async fn an_rs256_token_verifies_with_authorities_from_an_array() {
    // Arrange
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let exp = now() + 300;
    let token = Claims::valid().set("exp", exp).signed_by(&key);

    // Act
    let verified = idp.verifier().verify(&token).await.unwrap();

    // Assert
    assert_eq!(verified.subject, "agent.smith");
    assert_eq!(verified.display_name.as_deref(), Some("Agent Smith"));
    assert_eq!(verified.authorities, ["devices:read", "users:read"]);
    assert_eq!(verified.expires_at, exp);
    assert_eq!(verified.issuer, ISSUER);
}

#[tokio::test]
async fn an_es256_token_verifies_with_authorities_from_a_space_separated_string() {
    let key = ec_key("ec-1");
    let idp = Idp::serving(&[&key]).await;
    let token = Claims::valid()
        .set("authorities", "users:read  devices:write users:read")
        .signed_by(&key);

    let verified = idp.verifier().verify(&token).await.unwrap();

    assert_eq!(verified.authorities, ["users:read", "devices:write"]);
}

#[tokio::test]
async fn an_eddsa_token_verifies_with_custom_claim_names() {
    let key = ed_key("ed-1");
    let idp = Idp::serving(&[&key]).await;
    let mut settings = idp.settings();
    settings.authorities_claim = "https://cs.example/roles".to_owned();
    settings.username_claim = "preferred_username".to_owned();
    settings.display_name_claim = "display".to_owned();
    let token = Claims::valid()
        .without("authorities")
        .set("https://cs.example/roles", vec!["audit:read"])
        .set("preferred_username", "tool-bot")
        .set("display", "Tooling bot")
        .signed_by(&key);

    let verified = BearerVerifier::new(&settings, Clock::system())
        .unwrap()
        .verify(&token)
        .await
        .unwrap();

    assert_eq!(verified.subject, "tool-bot");
    assert_eq!(verified.display_name.as_deref(), Some("Tooling bot"));
    assert_eq!(verified.authorities, ["audit:read"]);
}

#[tokio::test]
async fn a_minted_token_verifies() {
    let key = ed_key("demo");
    let idp = Idp::serving(&[&key]).await;
    let token = key
        .mint(&MintClaims {
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
            subject: "cli-agent".to_owned(),
            name: Some("CLI agent".to_owned()),
            authorities: vec!["users:read".to_owned()],
            authorities_claim: "authorities".to_owned(),
            ttl: Duration::from_secs(3600),
            not_before: None,
        })
        .unwrap();

    let verified = idp.verifier().verify(&token).await.unwrap();

    assert_eq!(verified.subject, "cli-agent");
    assert_eq!(verified.authorities, ["users:read"]);
    assert!((verified.expires_at - now() - 3600).abs() <= 2);
}

#[tokio::test]
async fn a_token_without_authorities_verifies_with_none() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let token = Claims::valid()
        .without("authorities")
        .without("name")
        .signed_by(&key);

    let verified = idp.verifier().verify(&token).await.unwrap();

    assert!(verified.authorities.is_empty());
    assert_eq!(verified.display_name, None);
}

#[tokio::test]
async fn an_audience_array_containing_ours_is_accepted() {
    let key = ec_key("ec-1");
    let idp = Idp::serving(&[&key]).await;
    let token = Claims::valid()
        .set("aud", vec!["other-api", AUDIENCE])
        .signed_by(&key);

    assert!(idp.verifier().verify(&token).await.is_ok());
}

#[tokio::test]
async fn a_token_expired_within_the_leeway_is_accepted() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    // Default leeway is 30 s.
    let token = Claims::valid().set("exp", now() - 10).signed_by(&key);

    assert!(idp.verifier().verify(&token).await.is_ok());
}

#[tokio::test]
async fn a_token_without_kid_uses_the_only_key_of_its_algorithm() {
    let rsa = rsa_key("rsa-1");
    let ec = ec_key("ec-1");
    let idp = Idp::serving(&[&rsa, &ec]).await;
    let token = signed_without_kid(&Claims::valid(), &ec);

    assert!(idp.verifier().verify(&token).await.is_ok());
}

#[tokio::test]
async fn a_token_without_kid_is_refused_when_two_keys_could_match() {
    let first = ec_key("ec-1");
    let second = ec_key("ec-2");
    let idp = Idp::serving(&[&first, &second]).await;
    let token = signed_without_kid(&Claims::valid(), &first);

    assert_eq!(
        idp.verifier().verify(&token).await,
        Err(BearerError::UnknownKey)
    );
}

#[tokio::test]
async fn a_static_public_key_verifies_tokens_under_its_thumbprint() {
    let key = ec_key("ignored");
    let key = key.clone().with_kid(key.thumbprint());
    let mut settings = settings_for(None);
    settings.public_keys = vec![key.public_pem()];
    let token = Claims::valid().signed_by(&key);

    let verified = BearerVerifier::new(&settings, Clock::system())
        .unwrap()
        .verify(&token)
        .await;

    assert!(verified.is_ok(), "{verified:?}");
}

#[tokio::test]
async fn a_static_public_key_can_be_read_from_a_file() {
    let key = rsa_key("ignored");
    let key = key.clone().with_kid(key.thumbprint());
    let file = tempfile::Builder::new().suffix(".pem").tempfile().unwrap();
    std::fs::write(file.path(), key.public_pem()).unwrap();
    let mut settings = settings_for(None);
    settings.public_keys = vec![file.path().display().to_string()];

    let verifier = BearerVerifier::new(&settings, Clock::system());
    // Read once, at construction: the file may go.
    file.close().unwrap();

    let token = Claims::valid().signed_by(&key);
    assert!(verifier.unwrap().verify(&token).await.is_ok());
}
