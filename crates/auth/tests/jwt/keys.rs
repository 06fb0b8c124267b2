//! Signing keys: PEM storage, public JWKs, minting, and keeping private parts private.

use std::time::Duration;

use cs_auth::keys::{self, KeyAlgorithm, KeyError, MintClaims, SigningKey};
use serde_json::Value;

use crate::helpers::{AUDIENCE, Claims, ISSUER, Idp, ec_key, ed_key, rsa_key};

fn all_kinds() -> [SigningKey; 3] {
    [rsa_key("rsa"), ec_key("ec"), ed_key("ed")]
}

#[tokio::test]
async fn a_key_survives_a_pem_round_trip() {
    for original in all_kinds() {
        let pem = original.to_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));

        let reloaded = SigningKey::from_pem("reloaded", original.algorithm(), &pem).unwrap();

        assert_eq!(reloaded.algorithm(), original.algorithm());
        assert_eq!(reloaded.thumbprint(), original.thumbprint());
        assert_eq!(reloaded.public_pem(), original.public_pem());
        // A token from the reloaded key verifies against the original's published key.
        let idp = Idp::serving(&[&original]).await;
        let token = Claims::valid().signed_by(&reloaded.with_kid(original.kid()));
        assert!(idp.verifier().verify(&token).await.is_ok());
    }
}

#[test]
fn from_pem_refuses_a_key_of_another_algorithm_or_a_public_key() {
    let ec = ec_key("ec");

    let wrong_alg = SigningKey::from_pem("x", KeyAlgorithm::Rs256, &ec.to_pem());
    let public = SigningKey::from_pem("x", KeyAlgorithm::Es256, &ec.public_pem());
    let garbage = SigningKey::from_pem("x", KeyAlgorithm::EdDsa, "not pem");

    assert!(matches!(wrong_alg, Err(KeyError::InvalidKey { .. })));
    assert!(matches!(public, Err(KeyError::InvalidKey { .. })));
    assert!(matches!(garbage, Err(KeyError::InvalidKey { .. })));
}

#[test]
fn the_jwks_holds_public_parts_only() {
    let [rsa, ec, ed] = all_kinds();

    let jwks = serde_json::to_value(keys::jwks(&[&rsa, &ec, &ed])).unwrap();

    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 3);
    for key in keys {
        for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] {
            assert!(key.get(private).is_none(), "{private} in {key}");
        }
        assert_eq!(key["use"], "sig");
    }
    let fields = |key: &Value| {
        let mut names: Vec<String> = key.as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    };
    assert_eq!(fields(&keys[0]), ["alg", "e", "kid", "kty", "n", "use"]);
    assert_eq!(
        (&keys[0]["kty"], &keys[0]["alg"], &keys[0]["kid"]),
        (&"RSA".into(), &"RS256".into(), &"rsa".into())
    );
    assert_eq!(
        fields(&keys[1]),
        ["alg", "crv", "kid", "kty", "use", "x", "y"]
    );
    assert_eq!(
        (&keys[1]["crv"], &keys[1]["alg"]),
        (&"P-256".into(), &"ES256".into())
    );
    assert_eq!(fields(&keys[2]), ["alg", "crv", "kid", "kty", "use", "x"]);
    assert_eq!(
        (&keys[2]["kty"], &keys[2]["crv"], &keys[2]["alg"]),
        (&"OKP".into(), &"Ed25519".into(), &"EdDSA".into())
    );
}

#[test]
fn an_rsa_key_has_2048_bits() {
    let jwk = serde_json::to_value(rsa_key("rsa").public_jwk()).unwrap();
    let n = crate::helpers::b64_decode(jwk["n"].as_str().unwrap());
    assert_eq!(n.len(), 256);
    assert_eq!(jwk["e"], "AQAB");
}

#[test]
fn debug_output_hides_the_private_key() {
    for key in all_kinds() {
        let debug = format!("{key:?}");
        let pem = key.to_pem();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();

        assert!(debug.contains("[redacted]"), "{debug}");
        assert!(debug.contains(key.kid()));
        for chunk in body.as_bytes().chunks(16) {
            assert!(!debug.contains(std::str::from_utf8(chunk).unwrap()));
        }
    }
}

fn mint_claims() -> MintClaims {
    MintClaims {
        issuer: ISSUER.to_owned(),
        audience: AUDIENCE.to_owned(),
        subject: "agent".to_owned(),
        name: None,
        authorities: vec!["users:read".to_owned()],
        authorities_claim: "roles".to_owned(),
        ttl: Duration::from_secs(60),
        not_before: Some(1_700_000_000),
    }
}

#[test]
fn mint_writes_the_registered_claims_and_the_kid() {
    let key = ec_key("demo-key");

    let token = key.mint(&mint_claims()).unwrap();

    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.kid.as_deref(), Some("demo-key"));
    assert_eq!(header.alg, jsonwebtoken::Algorithm::ES256);
    let claims: Value = jsonwebtoken::dangerous::insecure_decode::<Value>(&token)
        .unwrap()
        .claims;
    assert_eq!(claims["roles"], serde_json::json!(["users:read"]));
    assert_eq!(claims["nbf"], 1_700_000_000);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        60
    );
    assert!(claims.get("name").is_none());
}

#[test]
fn mint_refuses_a_zero_ttl_and_an_authorities_claim_that_would_overwrite_another() {
    let key = ed_key("demo");

    let zero = key.mint(&MintClaims {
        ttl: Duration::ZERO,
        ..mint_claims()
    });
    let clash = key.mint(&MintClaims {
        authorities_claim: "sub".to_owned(),
        ..mint_claims()
    });

    assert!(matches!(zero, Err(KeyError::InvalidClaims(_))));
    assert!(matches!(clash, Err(KeyError::InvalidClaims(_))));
}
