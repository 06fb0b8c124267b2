//! `customer-service serve`, started with the vendor's configuration names (and our own auth
//! settings) only, against a CIM and a Token Server that implement only the documented APIs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

// Shared with the conformance suite of `tests/api`, which uses all of it.
#[allow(dead_code)]
#[path = "../../../tests/api/conformance/vendor.rs"]
mod vendor;

use std::process::Stdio;
use std::time::Duration;

use cs_auth::keys::{KeyAlgorithm, MintClaims, SigningKey};
use serde_json::{Value, json};
use support::serving_port;
use tokio::process::Command;
use vendor::{EMAIL, IPHONE, Lookup, PERSON_ID, Vendor};

const ISSUER: &str = "https://idp.test";
const AUDIENCE: &str = "customer-service-vendor-start";

/// The binary with an empty environment but for `vars`.
fn customer_service(vars: &[(String, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_customer-service"));
    command
        .arg("serve")
        .env_clear()
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// The vendor's names for every API of `vendor`, with its credentials.
fn vendor_environment(vendor: &Vendor) -> Vec<(String, String)> {
    let c = vendor.credentials;
    let cim = vendor.cim.uri();
    [
        ("IDP_PERSON_API_BASE_URI", format!("{cim}/api/persons")),
        ("IDP_PERSON_API_USERNAME", c.persons.username.into()),
        ("IDP_PERSON_API_PASSWORD", c.persons.password.into()),
        ("IDP_PERSON_API_MAX_RESULTS", "10".into()),
        ("IDP_EVENTS_API_BASE_URI", format!("{cim}/api/events")),
        ("IDP_EVENTS_API_USERNAME", c.cim_events.username.into()),
        ("IDP_EVENTS_API_PASSWORD", c.cim_events.password.into()),
        ("IDP_EVENTS_API_PAGE_SIZE", "2".into()),
        (
            "IDP_CONFIGURATION_API_USERNAME",
            c.configuration.username.into(),
        ),
        (
            "IDP_CONFIGURATION_API_PASSWORD",
            c.configuration.password.into(),
        ),
        (
            "TOKEN_SERVER_BASE_URI",
            format!("{}/oauth", vendor.token_server.uri()),
        ),
        (
            "TOKEN_SERVER_END_USER_API_USERNAME",
            c.end_user.username.into(),
        ),
        (
            "TOKEN_SERVER_END_USER_API_PASSWORD",
            c.end_user.password.into(),
        ),
        // Overridden below by our own name, which wins.
        (
            "TOKEN_SERVER_EVENTS_API_USERNAME",
            "a-stale-client-id".into(),
        ),
        (
            "TOKEN_SERVER_EVENTS_API_PASSWORD",
            c.ts_events.password.into(),
        ),
        ("COOKIE_CONFIG_SECURE", "false".into()),
        ("COOKIE_CONFIG_PREFIXCOOKIESFORMORESECURITY", "false".into()),
        ("COOKIE_CONFIG_PATH", "/".into()),
        ("COOKIE_CONFIG_SAMESITE", "Lax".into()),
        ("COOKIE_CONFIG_XSRFCOOKIENAME", "XSRF-TOKEN".into()),
    ]
    .into_iter()
    .map(|(name, value)| (format!("ONEGINI_IDP_CCC_{name}"), value))
    .chain([(
        "CS__TOKEN_SERVER__EVENTS_API__USERNAME".to_owned(),
        c.ts_events.username.to_owned(),
    )])
    .collect()
}

/// Our own settings: where to listen, the database, and who may call (bearer tokens signed by
/// `key`, whose public half is written into `dir`).
fn our_environment(dir: &std::path::Path, key: &SigningKey) -> Vec<(String, String)> {
    let pem = dir.join("agents.pem");
    std::fs::write(&pem, key.public_pem()).unwrap();
    [
        ("CS__SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("CS__SERVER__WORKERS", "2".to_owned()),
        (
            "CS__AUTH__DATABASE",
            dir.join("cs.db").display().to_string(),
        ),
        ("CS__BEARER__ENABLED", "true".to_owned()),
        ("CS__BEARER__ISSUER", ISSUER.to_owned()),
        ("CS__BEARER__AUDIENCE", AUDIENCE.to_owned()),
        (
            "CS__BEARER__PUBLIC_KEYS",
            format!("[{:?}]", pem.display().to_string()),
        ),
        ("CS__LOG__FORMAT", "json".to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}

#[tokio::test]
async fn serve_with_the_vendors_names_searches_shows_deletes_and_lists_events() {
    let vendor = Vendor::start(Lookup::MigrationStatus).await;
    let dir = tempfile::tempdir().unwrap();
    let key = SigningKey::generate(KeyAlgorithm::EdDsa, "pending").unwrap();
    // Static public keys are known by their RFC 7638 thumbprint.
    let kid = key.thumbprint();
    let key = key.with_kid(kid);
    let mut vars = vendor_environment(&vendor);
    vars.extend(our_environment(dir.path(), &key));
    let mut child = customer_service(&vars).spawn().unwrap();
    let base = format!("http://127.0.0.1:{}", serving_port(&mut child).await);
    let token = key
        .mint(&MintClaims {
            issuer: ISSUER.into(),
            audience: AUDIENCE.into(),
            subject: "agent".into(),
            name: None,
            authorities: vec!["USERS_ALL".into()],
            authorities_claim: "authorities".into(),
            ttl: Duration::from_secs(600),
            not_before: None,
        })
        .unwrap();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let call = |method: reqwest::Method, path: &str| {
        client
            .request(method, format!("{base}{path}"))
            .bearer_auth(&token)
    };
    let get = |path: &str| {
        let request = call(reqwest::Method::GET, path);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
            response.json::<Value>().await.unwrap()
        }
    };

    let found = get(&format!("/api/v1/users?email={EMAIL}")).await;
    assert_eq!(found["users"][0]["personId"], PERSON_ID, "{found}");
    assert_eq!(found["users"][0]["deviceCount"], 2, "{found}");

    let profile = get(&format!("/api/v1/users/{PERSON_ID}")).await;
    assert_eq!(profile["person"]["displayName"], "Joe Doe", "{profile}");
    assert_eq!(profile["unavailable"], json!([]), "{profile}");

    // Both products' events, each read with its own API's credentials (the Token Server's
    // events API with the client id from CS__, which wins over the vendor's name).
    let events = get(&format!("/api/v1/users/{PERSON_ID}/events")).await;
    assert_eq!(events["unavailable"], json!([]), "{events}");
    let sources: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.contains(&"cim") && sources.contains(&"token_server"),
        "{events}"
    );

    let deleted = call(
        reqwest::Method::DELETE,
        &format!("/api/v1/users/{PERSON_ID}/devices/{IPHONE}"),
    )
    .json(&json!({"reason": "Caller lost the phone"}))
    .send()
    .await
    .unwrap();
    assert_eq!(deleted.status(), 204);
    let devices = get(&format!("/api/v1/users/{PERSON_ID}/devices")).await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 1, "{devices}");

    assert_eq!(vendor.log.unanswered(), Vec::<String>::new());
    child.kill().await.unwrap();
}

#[tokio::test]
async fn a_vendor_name_we_do_not_support_stops_the_start_naming_it() {
    let vendor = Vendor::start(Lookup::MigrationStatus).await;
    let dir = tempfile::tempdir().unwrap();
    let key = SigningKey::generate(KeyAlgorithm::EdDsa, "unused").unwrap();
    let mut vars = vendor_environment(&vendor);
    vars.extend(our_environment(dir.path(), &key));
    vars.push((
        "ONEGINI_IDP_CCC_COOKIE_CONFIG_XSRFCOOKIENAME".into(),
        "MY-XSRF".into(),
    ));

    let output = customer_service(&vars).output().await.unwrap();

    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ONEGINI_IDP_CCC_COOKIE_CONFIG_XSRFCOOKIENAME"),
        "{stderr}"
    );
}
