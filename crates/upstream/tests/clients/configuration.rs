//! CIM Configuration API: messages, identity providers, the disabled outcome, the probe.

use cs_upstream::{ConfigurationOutcome, UpstreamApi, UpstreamError};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{cim, credentials, only_query, pairs};

#[tokio::test]
async fn messages_per_locale_are_read_and_non_text_entries_skipped() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/config"))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messages": {
                "default": {"event.login": "Logged in", "nested": {"x": 1}},
                "nl": {"event.login": "Ingelogd"},
                "broken": "not an object"
            },
            "password_policy": {"min_length": 8}
        })))
        .expect(1)
        .mount(&server)
        .await;

    // Act
    let outcome = cim(&server)
        .configuration(&["messages", "password_policy"])
        .await
        .unwrap();

    // Assert
    assert_eq!(
        only_query(&server).await,
        pairs(&[("fields", "messages,password_policy")])
    );
    let ConfigurationOutcome::Available(config) = outcome else {
        panic!("expected Available, got {outcome:?}");
    };
    assert_eq!(config.messages["default"]["event.login"], "Logged in");
    assert_eq!(config.messages["default"].len(), 1);
    assert_eq!(config.messages["nl"]["event.login"], "Ingelogd");
    assert!(!config.messages.contains_key("broken"));
    assert_eq!(config.raw["password_policy"]["min_length"], 8);
}

#[tokio::test]
async fn a_500_without_a_body_means_the_api_is_disabled() {
    let server = MockServer::start().await;
    Mock::given(path("/api/config"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let outcome = cim(&server).configuration(&["messages"]).await.unwrap();

    assert_eq!(outcome, ConfigurationOutcome::Disabled);
}

#[tokio::test]
async fn a_500_with_a_body_is_unavailable() {
    let server = MockServer::start().await;
    Mock::given(path("/api/config"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"error_message": "database down"})),
        )
        .mount(&server)
        .await;

    let error = cim(&server).configuration(&["messages"]).await.unwrap_err();

    assert_eq!(
        error,
        UpstreamError::Unavailable {
            api: UpstreamApi::CimConfiguration,
            path: "/api/config",
            reason: "HTTP 500".to_owned(),
        }
    );
}

#[tokio::test]
async fn identity_providers_are_read_from_the_result_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/config/identity-providers"))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": [
            {"id": "google", "name": "Google", "type": "OIDC", "enabled": true},
            {"id": "saml-1", "name": null}
        ]})))
        .mount(&server)
        .await;

    let providers = cim(&server).identity_providers().await.unwrap();

    assert_eq!(providers.len(), 2);
    assert_eq!(
        (
            providers[0].id.as_str(),
            providers[0].name.as_str(),
            providers[0].r#type.as_str()
        ),
        ("google", "Google", "OIDC")
    );
    assert_eq!(providers[1].name, "");
}

#[tokio::test]
async fn the_probe_treats_a_disabled_configuration_api_as_reachable() {
    let server = MockServer::start().await;
    Mock::given(path("/api/config"))
        .and(query_param("fields", "messages"))
        .and(credentials())
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;

    cim(&server).probe_configuration().await.unwrap();
}

#[tokio::test]
async fn the_probe_reports_rejected_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/api/config"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;

    let error = cim(&server).probe_configuration().await.unwrap_err();

    assert_eq!(
        error,
        UpstreamError::BadCredentials {
            api: UpstreamApi::CimConfiguration
        }
    );
}
