//! Token Server device API v4.

use cs_upstream::{Device, Platform, TokenServerClient, UpstreamApi, UpstreamError};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{DEVICE_ID, PERSON_ID, config, credentials, device, token_server};

fn devices_path(user: &str) -> String {
    format!("/oauth/api/v4/users/{user}/devices")
}

async fn serve_devices(server: &MockServer, devices: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "devices": devices })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn devices_are_listed_with_every_documented_field() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .and(credentials())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"devices": [device(DEVICE_ID).build()]})),
        )
        .expect(1)
        .mount(&server)
        .await;

    // Act
    let devices = token_server(&server).devices(PERSON_ID).await.unwrap();

    // Assert
    assert_eq!(
        devices,
        vec![Device {
            id: DEVICE_ID.to_owned(),
            name: "Joe's phone 📱".to_owned(),
            application: "Example Bank app".to_owned(),
            platform: Platform::Ios,
            os_version: Some("17.4".to_owned()),
            model: Some("iPhone XR".to_owned()),
            created_at: Some(1_700_000_000_000),
            last_login: Some(1_712_000_000_000),
            token_types: vec!["DEFAULT".to_owned(), "FINGER_PRINT".to_owned()],
            mobile_authentication_enabled: true,
            push_authentication_enabled: true,
        }]
    );
}

#[tokio::test]
async fn no_devices_found_is_an_empty_list() {
    let server = MockServer::start().await;
    Mock::given(path(devices_path(PERSON_ID)))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": "No devices found"})),
        )
        .mount(&server)
        .await;
    Mock::given(path(devices_path("bodyless")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = token_server(&server);

    assert_eq!(client.devices(PERSON_ID).await.unwrap(), vec![]);
    assert_eq!(client.devices("bodyless").await.unwrap(), vec![]);
}

#[tokio::test]
async fn a_device_without_optional_fields_is_read_with_defaults() {
    let server = MockServer::start().await;
    let bare = device("d1")
        .without("model")
        .without("osVersion")
        .without("createdAt")
        .without("name")
        .without("application")
        .without("tokenTypes")
        .without("mobileAuthenticationEnabled")
        .with("pushAuthenticationEnabled", json!(null))
        .with("addedLater", json!({"x": 1}))
        .build();
    serve_devices(&server, json!([bare])).await;

    let devices = token_server(&server).devices(PERSON_ID).await.unwrap();

    let read = &devices[0];
    assert_eq!(
        (read.model.as_ref(), read.os_version.as_ref()),
        (None, None)
    );
    assert_eq!(read.created_at, None);
    assert_eq!((read.name.as_str(), read.application.as_str()), ("", ""));
    assert!(read.token_types.is_empty());
    assert!(!read.mobile_authentication_enabled && !read.push_authentication_enabled);
}

#[tokio::test]
async fn platforms_are_read_in_any_case_and_written_lower_case() {
    let server = MockServer::start().await;
    let spellings = ["android", "ANDROID", "iOS", "IOS", "windows"];
    let devices: Vec<_> = spellings
        .iter()
        .map(|p| device(p).with("platform", json!(p)).build())
        .collect();
    serve_devices(&server, json!(devices)).await;

    let read = token_server(&server).devices(PERSON_ID).await.unwrap();

    let platforms: Vec<_> = read.iter().map(|d| d.platform.clone()).collect();
    assert_eq!(
        platforms,
        [
            Platform::Android,
            Platform::Android,
            Platform::Ios,
            Platform::Ios,
            Platform::Other("windows".to_owned())
        ]
    );
    assert_eq!(
        serde_json::to_value(&read[1]).unwrap()["platform"],
        "android"
    );
    assert_eq!(serde_json::to_value(&read[2]).unwrap()["platform"], "ios");
}

#[tokio::test]
async fn a_null_device_list_is_empty() {
    let server = MockServer::start().await;
    serve_devices(&server, json!(null)).await;

    assert!(
        token_server(&server)
            .devices(PERSON_ID)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn deleting_one_device_sends_a_delete_to_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{}/{DEVICE_ID}", devices_path(PERSON_ID))))
        .and(credentials())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    token_server(&server)
        .delete_device(PERSON_ID, DEVICE_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn deleting_all_devices_sends_a_delete_to_the_list() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(devices_path(PERSON_ID)))
        .and(credentials())
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    token_server(&server)
        .delete_all_devices(PERSON_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn deleting_a_selection_posts_the_ids() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(devices_path(PERSON_ID)))
        .and(credentials())
        .and(body_json(json!({"delete": ["d1", "d2"]})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    token_server(&server)
        .delete_devices(PERSON_ID, &["d1".to_owned(), "d2".to_owned()])
        .await
        .unwrap();
}

#[tokio::test]
async fn a_partial_bulk_delete_names_the_devices_not_deleted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "code": "not_all_devices_deleted",
            "message": "Not all devices were deleted",
            "details": [
                {"id": "d2", "status": {"code": "device_not_deleted", "message": "busy"}},
                {"id": "d3", "status": {"code": "device_not_deleted"}}
            ]
        })))
        .mount(&server)
        .await;

    let ids = ["d1", "d2", "d3"].map(str::to_owned);
    let error = token_server(&server)
        .delete_devices(PERSON_ID, &ids)
        .await
        .unwrap_err();

    assert_eq!(
        error,
        UpstreamError::NotAllDevicesDeleted {
            not_deleted: vec!["d2".to_owned(), "d3".to_owned()]
        }
    );
    assert_eq!(error.api(), UpstreamApi::TokenServerDevices);
}

#[tokio::test]
async fn an_empty_selection_sends_nothing() {
    let server = MockServer::start().await;

    token_server(&server)
        .delete_devices(PERSON_ID, &[])
        .await
        .unwrap();

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_disable_actions_post_to_their_paths() {
    let server = MockServer::start().await;
    for action in [
        "disablePushAuthentication",
        "disableMobileAuthentication",
        "disableFingerprint",
    ] {
        Mock::given(method("POST"))
            .and(path(format!(
                "{}/{DEVICE_ID}/{action}",
                devices_path(PERSON_ID)
            )))
            .and(credentials())
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = token_server(&server);

    client.disable_push(PERSON_ID, DEVICE_ID).await.unwrap();
    client
        .disable_mobile_authentication(PERSON_ID, DEVICE_ID)
        .await
        .unwrap();
    client
        .disable_fingerprint(PERSON_ID, DEVICE_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn ids_with_a_slash_or_question_mark_stay_in_their_path_segments() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/oauth/api/v4/users/u%2F1/devices/..%2Fd%3Fx"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    token_server(&server)
        .delete_device("u/1", "../d?x")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_dot_dot_device_id_is_refused_rather_than_deleting_every_device() {
    let server = MockServer::start().await;
    let client = token_server(&server);

    let error = client.delete_device(PERSON_ID, "..").await.unwrap_err();
    let push = client.disable_push(PERSON_ID, ".").await.unwrap_err();

    assert!(
        matches!(error, UpstreamError::BadRequest { .. }),
        "{error:?}"
    );
    assert!(matches!(push, UpstreamError::BadRequest { .. }), "{push:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_token_server_base_url_with_a_trailing_slash_works_the_same() {
    let server = MockServer::start().await;
    serve_devices(&server, json!([])).await;
    let client = TokenServerClient::new(config(&format!("{}/oauth/", server.uri()))).unwrap();

    assert!(client.devices(PERSON_ID).await.unwrap().is_empty());
}
