//! One connection per API (ONEGINI-APIS §8) and the Token Server's way of sending credentials
//! (§1).

use cs_upstream::{CimApis, CimClient, TokenServerApis, TokenServerClient, UpstreamConfig};
use serde_json::json;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{PERSON_ID, config};

fn with_credentials(url: &str, user: &str, password: &str) -> UpstreamConfig {
    let mut config = config(url);
    config.username = user.into();
    config.password = password.to_owned().into();
    config
}

#[tokio::test]
async fn each_cim_api_is_called_at_its_own_place_with_its_own_credentials() {
    let persons = MockServer::start().await;
    let events = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/persons/{PERSON_ID}")))
        .and(basic_auth("person_api_user", "person-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"person_id": PERSON_ID})))
        .expect(1)
        .mount(&persons)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .and(basic_auth("events_api_user", "events-secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"resultSet": []})))
        .expect(1)
        .mount(&events)
        .await;
    let client = CimClient::with_apis(
        CimApis {
            persons: with_credentials(&persons.uri(), "person_api_user", "person-secret"),
            events: with_credentials(&events.uri(), "events_api_user", "events-secret"),
            configuration: with_credentials(&persons.uri(), "config_user", "config-secret"),
        },
        None,
    )
    .unwrap();

    client.person(PERSON_ID).await.unwrap();
    client.events(PERSON_ID, 10, 0).await.unwrap();
}

#[tokio::test]
async fn token_server_credentials_are_form_urlencoded_before_they_are_joined() {
    let server = MockServer::start().await;
    // A secret holding `:`, `%`, `+` and a space, as the Token Server reads it: each part
    // form-urlencoded, then `id:secret` in Base64.
    Mock::given(method("GET"))
        .and(path(format!("/oauth/api/v4/users/{PERSON_ID}/devices")))
        .and(basic_auth("client%3Aid", "s%3Ac+r%25t%2B"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"devices": []})))
        .expect(1)
        .mount(&server)
        .await;
    let base = format!("{}/oauth", server.uri());
    let client = TokenServerClient::with_apis(TokenServerApis {
        end_user: with_credentials(&base, "client:id", "s:c r%t+"),
        events: with_credentials(&base, "events-client", "x"),
        mobile_authentication: with_credentials(&base, "mobile-client", "y"),
    })
    .unwrap();

    assert!(client.devices(PERSON_ID).await.unwrap().is_empty());
}
