//! Forged, tampered, stale and misdirected tokens: each refused with the right reason.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cs_auth::jwt::{BearerError, BearerVerifier};
use cs_clock::Clock;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::helpers::{
    AUDIENCE, Claims, ISSUER, Idp, b64, ec_key, ed_key, hand_built, now, rsa_key,
    with_flipped_signature_byte,
};

/// Verifies the token `token_for` makes, against an identity provider publishing one RSA key.
async fn verify_with_rsa_idp(
    token_for: impl FnOnce(&cs_auth::keys::SigningKey) -> String,
) -> Result<cs_auth::jwt::VerifiedToken, BearerError> {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let token = token_for(&key);
    idp.verifier().verify(&token).await
}

#[tokio::test]
async fn alg_none_is_refused() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();

    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = json!({"alg": alg, "typ": "JWT", "kid": "rsa-1"});
        let unsigned = hand_built(&header, &Claims::valid().json(), b"");
        let with_junk = hand_built(&header, &Claims::valid().json(), b"junk");

        assert_eq!(
            verifier.verify(&unsigned).await,
            Err(BearerError::AlgorithmNotAllowed),
            "{alg}"
        );
        assert_eq!(
            verifier.verify(&with_junk).await,
            Err(BearerError::AlgorithmNotAllowed),
            "{alg}"
        );
    }
    // The unsigned form really is `header.payload.` with an empty signature.
    let header = json!({"alg": "none"});
    assert!(hand_built(&header, &Claims::valid().json(), b"").ends_with('.'));
}

#[tokio::test]
async fn hs256_signed_with_the_rsa_public_key_is_refused() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();
    let public_pem = key.public_pem();
    let public_der = STANDARD
        .decode(
            public_pem
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let jwk_json = serde_json::to_vec(&key.public_jwk()).unwrap();

    for secret in [public_pem.as_bytes(), &public_der, &jwk_json] {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let mut header = Header::new(alg);
            header.kid = Some("rsa-1".to_owned());
            let forged = jsonwebtoken::encode(
                &header,
                &Claims::valid().json(),
                &EncodingKey::from_secret(secret),
            )
            .unwrap();

            assert_eq!(
                verifier.verify(&forged).await,
                Err(BearerError::AlgorithmNotAllowed)
            );
        }
    }
}

#[tokio::test]
async fn hs256_is_refused_even_when_the_jwks_offers_a_symmetric_key() {
    let rsa = rsa_key("rsa-1");
    let idp = Idp::serving(&[]).await;
    let secret = b"shared-secret-that-should-never-work";
    let mut jwks = serde_json::to_value(cs_auth::keys::jwks(&[&rsa])).unwrap();
    jwks["keys"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kty": "oct", "kid": "hmac", "alg": "HS256", "use": "sig", "k": b64(secret)}));
    idp.respond_with(ResponseTemplate::new(200).set_body_json(jwks))
        .await;
    let verifier = idp.verifier();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("hmac".to_owned());
    let forged = jsonwebtoken::encode(
        &header,
        &Claims::valid().json(),
        &EncodingKey::from_secret(secret),
    )
    .unwrap();

    assert_eq!(
        verifier.verify(&forged).await,
        Err(BearerError::AlgorithmNotAllowed)
    );
    // The RSA key next to it still works.
    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&rsa))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_algorithm_left_out_of_the_settings_is_refused_before_any_key_is_fetched() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[]).await;
    idp.serve(&[&key], Some(0)).await;
    let mut settings = idp.settings();
    settings.algorithms = vec!["ES256".to_owned()];
    let token = Claims::valid().signed_by(&key);

    let result = BearerVerifier::new(&settings, Clock::system())
        .unwrap()
        .verify(&token)
        .await;

    assert_eq!(result, Err(BearerError::AlgorithmNotAllowed));
    idp.server.verify().await;
}

#[tokio::test]
async fn a_token_signed_by_an_ec_key_under_an_rsa_kid_is_refused() {
    let rsa = rsa_key("shared-kid");
    let ec = ec_key("shared-kid");
    let idp = Idp::serving(&[&rsa]).await;

    let result = idp.verifier().verify(&Claims::valid().signed_by(&ec)).await;

    assert_eq!(result, Err(BearerError::UnknownKey));
}

#[tokio::test]
async fn a_token_expired_beyond_the_leeway_is_refused() {
    let result = verify_with_rsa_idp(|key| {
        Claims::valid()
            .set("iat", now() - 3600)
            .set("nbf", now() - 3600)
            .set("exp", now() - 120)
            .signed_by(key)
    })
    .await;

    assert_eq!(result, Err(BearerError::Expired));
}

#[tokio::test]
async fn a_token_without_exp_is_refused() {
    let result = verify_with_rsa_idp(|key| Claims::valid().without("exp").signed_by(key)).await;

    assert_eq!(result, Err(BearerError::MissingClaim("exp".to_owned())));
}

#[tokio::test]
async fn a_token_not_yet_valid_is_refused() {
    let result =
        verify_with_rsa_idp(|key| Claims::valid().set("nbf", now() + 120).signed_by(key)).await;

    assert_eq!(result, Err(BearerError::NotYetValid));
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let key = ec_key("ec-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();

    for aud in [
        json!("other-api"),
        json!(["other-api", "third-api"]),
        json!([]),
        json!(format!("{AUDIENCE} ")),
    ] {
        let token = Claims::valid().set("aud", aud.clone()).signed_by(&key);
        assert_eq!(
            verifier.verify(&token).await,
            Err(BearerError::WrongAudience),
            "{aud}"
        );
    }
    let token = Claims::valid().without("aud").signed_by(&key);
    assert_eq!(
        verifier.verify(&token).await,
        Err(BearerError::MissingClaim("aud".to_owned()))
    );
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let key = ed_key("ed-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();

    for iss in [
        json!("https://evil.example.test/realms/cs"),
        json!(format!("{ISSUER}/")),
        // jsonwebtoken would accept an array containing ours; we want exactly ours.
        json!([ISSUER, "https://evil.example.test"]),
    ] {
        let token = Claims::valid().set("iss", iss.clone()).signed_by(&key);
        assert_eq!(
            verifier.verify(&token).await,
            Err(BearerError::WrongIssuer),
            "{iss}"
        );
    }
    let token = Claims::valid().without("iss").signed_by(&key);
    assert_eq!(
        verifier.verify(&token).await,
        Err(BearerError::MissingClaim("iss".to_owned()))
    );
}

#[tokio::test]
async fn a_token_with_a_flipped_signature_byte_is_refused() {
    for key in [rsa_key("k"), ec_key("k"), ed_key("k")] {
        let idp = Idp::serving(&[&key]).await;
        let token = with_flipped_signature_byte(&Claims::valid().signed_by(&key));

        assert_eq!(
            idp.verifier().verify(&token).await,
            Err(BearerError::BadSignature),
            "{:?}",
            key.algorithm()
        );
    }
}

#[tokio::test]
async fn a_token_with_tampered_claims_is_refused() {
    let result = verify_with_rsa_idp(|key| {
        let honest = Claims::valid().signed_by(key);
        let mut parts: Vec<&str> = honest.split('.').collect();
        let elevated = b64(Claims::valid()
            .set("authorities", vec!["admin"])
            .json()
            .to_string()
            .as_bytes());
        parts[1] = &elevated;
        parts.join(".")
    })
    .await;

    assert_eq!(result, Err(BearerError::BadSignature));
}

#[tokio::test]
async fn a_token_signed_by_another_key_with_the_same_kid_is_refused() {
    let result = verify_with_rsa_idp(|_| Claims::valid().signed_by(&rsa_key("rsa-1"))).await;

    assert_eq!(result, Err(BearerError::BadSignature));
}

#[tokio::test]
async fn a_token_with_an_unknown_kid_is_refused() {
    let result = verify_with_rsa_idp(|_| Claims::valid().signed_by(&rsa_key("not-in-jwks"))).await;

    assert_eq!(result, Err(BearerError::UnknownKey));
}

#[tokio::test]
async fn a_token_without_the_username_claim_is_refused() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();

    for token in [
        Claims::valid().without("sub").signed_by(&key),
        Claims::valid().set("sub", 42).signed_by(&key),
        Claims::valid().set("sub", "").signed_by(&key),
    ] {
        assert_eq!(
            verifier.verify(&token).await,
            Err(BearerError::MissingClaim("sub".to_owned()))
        );
    }
}

#[tokio::test]
async fn authorities_of_the_wrong_type_are_refused() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();

    for authorities in [json!([1, 2]), json!({"admin": true}), json!(true)] {
        let token = Claims::valid()
            .set("authorities", authorities)
            .signed_by(&key);
        assert_eq!(
            verifier.verify(&token).await,
            Err(BearerError::MissingClaim("authorities".to_owned()))
        );
    }
}

#[tokio::test]
async fn refusals_are_client_faults_with_messages_that_do_not_echo_the_token() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let token = Claims::valid().set("exp", now() - 3600).signed_by(&key);

    let error = idp.verifier().verify(&token).await.unwrap_err();

    assert!(!error.is_server_fault());
    let message = error.to_string();
    for part in token.split('.') {
        assert!(!message.contains(part));
    }
}
