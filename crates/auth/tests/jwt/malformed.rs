//! Strings that are not tokens: refused as malformed, without panicking.

use cs_auth::jwt::BearerError;
use serde_json::json;

use crate::helpers::{Claims, Idp, b64, hand_built, rsa_key};

#[tokio::test]
async fn malformed_tokens_are_refused() {
    let key = rsa_key("rsa-1");
    let idp = Idp::serving(&[&key]).await;
    let verifier = idp.verifier();
    let valid = Claims::valid().signed_by(&key);
    let (header, rest) = valid.split_once('.').unwrap();
    let payload = rest.split_once('.').unwrap().0;
    let huge = "a".repeat(100 * 1024);
    let huge_dotted = format!(
        "{header}.{}.{}",
        "a".repeat(50 * 1024),
        "b".repeat(50 * 1024)
    );

    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("one part", "abc".to_owned()),
        ("two parts", format!("{header}.{payload}")),
        ("four parts", format!("{valid}.extra")),
        ("garbage base64", "!!!.###.$$$".to_owned()),
        ("padded base64", format!("{header}=.{payload}.sig")),
        ("spaces", format!(" {valid}")),
        ("empty header", format!(".{payload}.sig")),
        ("empty payload", format!("{header}..sig")),
        (
            "header not JSON",
            format!("{}.{payload}.sig", b64(b"not json")),
        ),
        (
            "header not an object",
            format!("{}.{payload}.sig", b64(b"[1,2]")),
        ),
        (
            "header without alg",
            hand_built(&json!({"typ": "JWT"}), &Claims::valid().json(), b"sig"),
        ),
        (
            "alg not a string",
            hand_built(&json!({"alg": 256}), &Claims::valid().json(), b"sig"),
        ),
        (
            "kid not a string",
            hand_built(
                &json!({"alg": "RS256", "kid": 1}),
                &Claims::valid().json(),
                b"sig",
            ),
        ),
        (
            "critical extension",
            hand_built(
                &json!({"alg": "RS256", "kid": "rsa-1", "crit": ["exp"], "exp": 1}),
                &Claims::valid().json(),
                b"sig",
            ),
        ),
        (
            "duplicate alg",
            format!("{}.{payload}.sig", b64(br#"{"alg":"RS256","alg":"none"}"#)),
        ),
        ("100 KB", huge),
        ("100 KB with dots", huge_dotted),
        (
            "not UTF-8 in header",
            format!("{}.{payload}.sig", b64(&[0xff, 0xfe, 0x7b])),
        ),
    ];

    for (name, token) in cases {
        assert_eq!(
            verifier.verify(&token).await,
            Err(BearerError::Malformed),
            "{name}"
        );
    }
}
