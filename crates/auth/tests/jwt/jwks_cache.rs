//! JWKS fetching and caching: bounded refetches, key removal, outages.

use std::time::Duration;

use cs_auth::jwt::{BearerError, BearerVerifier};
use cs_clock::Clock;
use serde_json::json;
use tokio::task::JoinSet;
use wiremock::ResponseTemplate;

use crate::helpers::{Claims, Idp, dead_url, ec_key, rsa_key, settings_for};

/// Verifies `tokens` all at once on clones of `verifier`.
async fn verify_concurrently(
    verifier: &BearerVerifier,
    tokens: Vec<String>,
) -> Vec<Result<cs_auth::jwt::VerifiedToken, BearerError>> {
    let mut tasks = JoinSet::new();
    for token in tokens {
        let verifier = verifier.clone();
        tasks.spawn(async move { verifier.verify(&token).await });
    }
    tasks.join_all().await
}

fn unknown_kid_tokens(n: usize) -> Vec<String> {
    let stranger = ec_key("placeholder");
    (0..n)
        .map(|i| Claims::valid().signed_by(&stranger.clone().with_kid(format!("random-{i}"))))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_unknown_kids_on_a_cold_cache_fetches_the_jwks_once() {
    let key = ec_key("ec-1");
    let idp = Idp::serving(&[]).await;
    idp.serve(&[&key], Some(1)).await;
    let verifier = idp.verifier();

    let results = verify_concurrently(&verifier, unknown_kid_tokens(50)).await;

    assert_eq!(results.len(), 50);
    assert!(results.iter().all(|r| *r == Err(BearerError::UnknownKey)));
    idp.server.verify().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_unknown_kids_after_the_min_interval_refetches_once() {
    let key = ec_key("ec-1");
    let idp = Idp::serving(&[]).await;
    idp.serve(&[&key], Some(2)).await;
    let mut settings = idp.settings();
    settings.jwks_refresh_min_interval_secs = 30;
    let (clock, time) = Clock::manual();
    let verifier = BearerVerifier::new(&settings, clock).unwrap();
    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&key))
            .await
            .is_ok()
    );

    // Within the interval: no refetch at all.
    time.advance(Duration::from_secs(29));
    let results = verify_concurrently(&verifier, unknown_kid_tokens(50)).await;
    assert!(results.iter().all(|r| *r == Err(BearerError::UnknownKey)));
    // After it: one refetch for the whole burst.
    time.advance(Duration::from_secs(1));
    let results = verify_concurrently(&verifier, unknown_kid_tokens(50)).await;
    assert!(results.iter().all(|r| *r == Err(BearerError::UnknownKey)));

    idp.server.verify().await;
}

#[tokio::test]
async fn a_key_rotated_into_the_jwks_is_picked_up_by_its_unknown_kid() {
    let old = rsa_key("2024");
    let new = rsa_key("2025");
    let idp = Idp::serving(&[&old]).await;
    let mut settings = idp.settings();
    settings.jwks_refresh_min_interval_secs = 30;
    let (clock, time) = Clock::manual();
    let verifier = BearerVerifier::new(&settings, clock).unwrap();
    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&old))
            .await
            .is_ok()
    );

    idp.serve(&[&old, &new], None).await;
    // Within the minimum interval the new kid is not worth a fetch yet.
    time.advance(Duration::from_secs(29));
    assert_eq!(
        verifier.verify(&Claims::valid().signed_by(&new)).await,
        Err(BearerError::UnknownKey)
    );
    time.advance(Duration::from_secs(1));

    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&new))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_key_removed_from_the_jwks_stops_working_after_the_cache_ttl() {
    let kept = rsa_key("kept");
    let removed = rsa_key("removed");
    let idp = Idp::serving(&[&kept, &removed]).await;
    let mut settings = idp.settings();
    settings.jwks_cache_ttl_secs = 600;
    let (clock, time) = Clock::manual();
    let verifier = BearerVerifier::new(&settings, clock).unwrap();
    let token = Claims::valid().signed_by(&removed);
    assert!(verifier.verify(&token).await.is_ok());

    idp.serve(&[&kept], None).await;
    // Still cached within the TTL.
    time.advance(Duration::from_secs(599));
    assert!(verifier.verify(&token).await.is_ok());
    time.advance(Duration::from_secs(1));

    assert_eq!(verifier.verify(&token).await, Err(BearerError::UnknownKey));
    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&kept))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_jwks_server_that_is_down_with_nothing_cached_makes_keys_unavailable() {
    let key = rsa_key("rsa-1");
    let verifier = BearerVerifier::new(&settings_for(Some(dead_url())), Clock::system()).unwrap();

    let error = verifier
        .verify(&Claims::valid().signed_by(&key))
        .await
        .unwrap_err();

    assert_eq!(error, BearerError::KeysUnavailable);
    assert!(error.is_server_fault());
}

#[tokio::test]
async fn a_jwks_answering_500_makes_keys_unavailable() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[]).await;
    idp.respond_with(ResponseTemplate::new(500)).await;

    let result = idp
        .verifier()
        .verify(&Claims::valid().signed_by(&key))
        .await;

    assert_eq!(result, Err(BearerError::KeysUnavailable));
}

#[tokio::test]
async fn an_oversized_jwks_is_not_used() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[]).await;
    let padding = "x".repeat(300 * 1024);
    let mut body = serde_json::to_value(cs_auth::keys::jwks(&[&key])).unwrap();
    body["padding"] = json!(padding);
    idp.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .await;

    let result = idp
        .verifier()
        .verify(&Claims::valid().signed_by(&key))
        .await;

    assert_eq!(result, Err(BearerError::KeysUnavailable));
}

#[tokio::test]
async fn a_jwks_that_times_out_makes_keys_unavailable() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[]).await;
    idp.respond_with(
        ResponseTemplate::new(200)
            .set_body_json(cs_auth::keys::jwks(&[&key]))
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let mut settings = idp.settings();
    settings.http_timeout_ms = 200;

    let result = BearerVerifier::new(&settings, Clock::system())
        .unwrap()
        .verify(&Claims::valid().signed_by(&key))
        .await;

    assert_eq!(result, Err(BearerError::KeysUnavailable));
}

#[tokio::test]
async fn cached_keys_keep_working_when_a_refresh_fails() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let mut settings = idp.settings();
    settings.jwks_cache_ttl_secs = 0;
    let verifier = BearerVerifier::new(&settings, Clock::system()).unwrap();
    let token = Claims::valid().signed_by(&key);
    assert!(verifier.verify(&token).await.is_ok());

    idp.respond_with(ResponseTemplate::new(503)).await;

    assert!(verifier.verify(&token).await.is_ok());
}

#[tokio::test]
async fn unusable_jwks_entries_are_skipped_and_the_rest_used() {
    let good = ec_key("good");
    let enc = rsa_key("enc");
    let mismatched = rsa_key("mismatched");
    let idp = Idp::serving(&[]).await;
    let mut body = serde_json::to_value(cs_auth::keys::jwks(&[&enc, &mismatched, &good])).unwrap();
    body["keys"][0]["use"] = json!("enc");
    body["keys"][1]["alg"] = json!("HS256");
    body["keys"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kty": "weird", "kid": "odd"}));
    idp.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .await;
    let verifier = idp.verifier();

    assert!(
        verifier
            .verify(&Claims::valid().signed_by(&good))
            .await
            .is_ok()
    );
    for key in [&enc, &mismatched] {
        assert_eq!(
            verifier.verify(&Claims::valid().signed_by(key)).await,
            Err(BearerError::UnknownKey)
        );
    }
}
