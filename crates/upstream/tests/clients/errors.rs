//! Status classification, transport failures, size and time limits, and what errors reveal.

use std::time::Duration;

use cs_upstream::{
    BuildError, CimClient, TokenServerClient, TsEventsQuery, UpstreamApi, UpstreamError,
};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{PASSWORD, PERSON_ID, cim, config, token_server};
use crate::raw_server::{self, RawResponse};

const EMAIL: &str = "joe.doe@example.com";

async fn answering(status: u16, body: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status);
    if let Some(body) = body {
        template = template.set_body_json(body);
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// Nothing an error shows may carry a secret, a URL, a query or an e-mail address.
fn assert_reveals_nothing(error: &UpstreamError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(!shown.contains("example.com"), "{shown}");
        assert!(
            !shown.contains("127.0.0.1") && !shown.contains('?'),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_token_server_400_is_a_bad_request_with_its_message() {
    let server = answering(
        400,
        Some(json!({"code": "invalid_request", "message": "Invalid device id", "details": []})),
    )
    .await;

    let error = token_server(&server)
        .delete_device(PERSON_ID, "d1")
        .await
        .unwrap_err();

    assert_eq!(
        error,
        UpstreamError::BadRequest {
            api: UpstreamApi::TokenServerDevices,
            path: "/api/v4/users/{userId}/devices/{deviceId}",
            message: "Invalid device id".to_owned(),
        }
    );
}

#[tokio::test]
async fn a_401_in_either_body_shape_is_a_credentials_fault_naming_the_upstream() {
    let vendor = answering(
        401,
        Some(json!({"code": "unauthorized", "message": "Unauthorized"})),
    );
    let oauth = answering(
        401,
        Some(json!({"error": "invalid_client", "error_description": "Bad client credentials"})),
    );
    let bare = answering(401, None);

    let vendor = token_server(&vendor.await)
        .devices(PERSON_ID)
        .await
        .unwrap_err();
    let oauth = token_server(&oauth.await)
        .devices(PERSON_ID)
        .await
        .unwrap_err();
    let bare = cim(&bare.await).person(PERSON_ID).await.unwrap_err();

    let expected = UpstreamError::BadCredentials {
        api: UpstreamApi::TokenServerDevices,
    };
    assert_eq!((vendor.clone(), oauth), (expected.clone(), expected));
    assert_eq!(
        vendor.to_string(),
        "the Token Server rejected our API credentials (token_server_devices): \
         check the configured client id and secret"
    );
    assert_eq!(
        bare,
        UpstreamError::BadCredentials {
            api: UpstreamApi::CimPersons
        }
    );
    assert!(
        bare.to_string()
            .starts_with("CIM rejected our API credentials (cim_persons)")
    );
}

#[tokio::test]
async fn a_403_is_forbidden() {
    let server = answering(
        403,
        Some(json!({"code": "insufficient_permissions", "message": "No access"})),
    )
    .await;

    let error = token_server(&server)
        .events(&TsEventsQuery::for_user("u1"))
        .await
        .unwrap_err();

    assert_eq!(
        error,
        UpstreamError::Forbidden {
            api: UpstreamApi::TokenServerEvents
        }
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn a_5xx_is_unavailable_transient_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = cim(&server).person(PERSON_ID).await.unwrap_err();

    assert_eq!(
        error,
        UpstreamError::Unavailable {
            api: UpstreamApi::CimPersons,
            path: "/api/persons/{person_id}",
            reason: "HTTP 503".to_owned(),
        }
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn too_many_requests_is_unavailable_and_an_unexpected_status_is_invalid() {
    let busy = answering(429, None).await;
    let conflict = answering(409, None).await;

    let busy = cim(&busy).person(PERSON_ID).await.unwrap_err();
    let conflict = cim(&conflict).person(PERSON_ID).await.unwrap_err();

    assert_eq!(busy.kind(), "unavailable");
    assert!(
        matches!(&conflict, UpstreamError::InvalidResponse { reason, .. } if reason == "unexpected HTTP 409"),
        "{conflict:?}"
    );
}

#[tokio::test]
async fn malformed_json_is_an_invalid_response_that_reveals_neither_password_nor_email() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/search"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"result_set": [ {"person_id""#, "application/json"),
        )
        .mount(&server)
        .await;

    let error = cim(&server).search_by_email(EMAIL, 5).await.unwrap_err();

    let UpstreamError::InvalidResponse { api, path, reason } = &error else {
        panic!("expected InvalidResponse, got {error:?}");
    };
    assert_eq!(
        (*api, *path),
        (UpstreamApi::CimPersons, "/api/persons/search")
    );
    assert!(reason.contains("JSON"), "{reason}");
    assert_reveals_nothing(&error);
}

#[tokio::test]
async fn a_wrongly_typed_field_does_not_quote_the_value_it_found() {
    let server = answering(200, Some(json!({"result_set": EMAIL}))).await;

    let error = cim(&server).search_by_email(EMAIL, 5).await.unwrap_err();

    assert_eq!(error.kind(), "invalid_response");
    assert_reveals_nothing(&error);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_an_invalid_response() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"))
        .mount(&server)
        .await;

    let error = cim(&server).person(PERSON_ID).await.unwrap_err();

    assert!(
        matches!(&error, UpstreamError::InvalidResponse { reason, .. } if reason.contains("text/html")),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_answer_slower_than_the_timeout_is_a_timeout_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .expect(1)
        .mount(&server)
        .await;
    let mut settings = config(&server.uri());
    settings.request_timeout = Duration::from_millis(300);
    let client = CimClient::new(settings, None).unwrap();

    let error = client.person(PERSON_ID).await.unwrap_err();

    // Only the deadline gives `Timeout`: had the client waited, the answer (a 200 after 5 s)
    // would have been a success. `expect(1)` checks it was not retried.
    assert_eq!(
        error,
        UpstreamError::Timeout {
            api: UpstreamApi::CimPersons,
            path: "/api/persons/{person_id}"
        }
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_trickling_body_times_out_too() {
    let base = raw_server::serve(RawResponse {
        head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
        chunk: b"          ".to_vec(),
        chunks: 100,
        pause: Duration::from_millis(100),
    })
    .await;
    let mut settings = config(&base);
    settings.request_timeout = Duration::from_millis(500);
    let client = CimClient::new(settings, None).unwrap();

    let error = client.person(PERSON_ID).await.unwrap_err();

    // Read whole (10 s), the body would be an invalid response (it is not JSON): only the
    // deadline, running over the body too, makes it a timeout.
    assert_eq!(error.kind(), "timeout", "{error:?}");
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_an_invalid_response() {
    let server = MockServer::start().await;
    let big = json!({"person_id": "p1", "custom_attributes": {"blob": "x".repeat(50_000)}});
    Mock::given(path("/api/persons/p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(big))
        .mount(&server)
        .await;
    let mut settings = config(&server.uri());
    settings.max_response_bytes = 1024;
    let client = CimClient::new(settings, None).unwrap();

    let error = client.person("p1").await.unwrap_err();

    assert!(
        matches!(&error, UpstreamError::InvalidResponse { reason, .. } if reason.contains("larger than 1024 bytes")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_streamed_body_without_length_stops_being_read_at_the_limit() {
    // 50 MB announced by nothing: only the chunk-by-chunk cap stops it.
    let base = raw_server::serve(RawResponse {
        head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        chunk: vec![b' '; 64 * 1024],
        chunks: 800,
        pause: Duration::ZERO,
    })
    .await;
    let mut settings = config(&base);
    settings.max_response_bytes = 256 * 1024;
    let client = TokenServerClient::new(settings).unwrap();

    let error = client.devices(PERSON_ID).await.unwrap_err();

    assert!(
        matches!(&error, UpstreamError::InvalidResponse { reason, .. } if reason.contains("larger than")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = TokenServerClient::new(config(&format!("http://{address}/oauth"))).unwrap();

    let error = client.devices(PERSON_ID).await.unwrap_err();

    assert_eq!(
        error,
        UpstreamError::Unavailable {
            api: UpstreamApi::TokenServerDevices,
            path: "/api/v4/users/{userId}/devices",
            reason: "connection refused".to_owned(),
        }
    );
    assert_reveals_nothing(&error);
}

#[test]
fn api_names_are_the_stable_labels_our_server_uses() {
    let names: Vec<_> = UpstreamApi::ALL.iter().map(|api| api.to_string()).collect();

    assert_eq!(
        names,
        [
            "cim_persons",
            "cim_events",
            "cim_configuration",
            "token_server_devices",
            "token_server_events",
            "token_server_mobile_authentication"
        ]
    );
}

#[test]
fn the_configuration_debug_output_hides_passwords() {
    let settings = config("http://user:url-secret@127.0.0.1:1/oauth");

    let shown = format!("{settings:?}");

    assert!(
        !shown.contains(PASSWORD) && !shown.contains("url-secret"),
        "{shown}"
    );
    assert!(shown.contains("[REDACTED]"));
}

#[test]
fn unusable_settings_fail_when_the_client_is_built() {
    let ftp = TokenServerClient::new(config("ftp://127.0.0.1/oauth")).unwrap_err();
    let partition =
        CimClient::new(config("http://127.0.0.1:1"), Some("a\nb".to_owned())).unwrap_err();

    assert!(matches!(ftp, BuildError::InvalidBaseUrl { .. }), "{ftp:?}");
    assert_eq!(
        partition,
        BuildError::InvalidHeaderValue {
            setting: "partition_id"
        }
    );
}
