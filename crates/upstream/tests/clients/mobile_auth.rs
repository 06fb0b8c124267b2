//! Token Server Mobile Authentication API v4: the documented paths, the inferred answers read
//! defensively.

use cs_upstream::{
    MobileAuthType, StartedTransaction, TransactionStatus, UpstreamApi, UpstreamError,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{DEVICE_ID, PERSON_ID, credentials, token_server};

const TRANSACTION: &str = "0c7d4a52-1f5e-4d7a-9b3c-2e8f6a1d4b90";

fn transaction_path() -> String {
    format!("/oauth/api/v4/authenticate/transaction/{TRANSACTION}")
}

#[tokio::test]
async fn the_push_types_of_a_device_are_read_with_their_enrolled_devices() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/oauth/api/v4/authenticate/user/{PERSON_ID}/device/{DEVICE_ID}/enabled"
        )))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"enabled": [
            {"type": "PUSH_AUTH", "method": "PUSH_WITH_FINGERPRINT", "sms_fallback_allowed": false,
             "apps_enrolled_for_push": [{"app_id": "a", "app_name": "Bank", "device_id": DEVICE_ID,
                                         "device_name": "Phone", "platform": "ios", "new": 1}]},
            {"method": "OTP"}
        ], "added_later": true})))
        .expect(1)
        .mount(&server)
        .await;

    let types = token_server(&server)
        .mobile_auth_types(PERSON_ID, DEVICE_ID)
        .await
        .unwrap();

    assert_eq!(
        types,
        [MobileAuthType {
            name: "PUSH_AUTH".into(),
            method: "PUSH_WITH_FINGERPRINT".into(),
            push_devices: vec![DEVICE_ID.into()],
        }]
    );
    assert!(types[0].is_push());
}

#[tokio::test]
async fn a_device_the_token_server_does_not_know_has_no_push_types() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"code": "not_found"})))
        .mount(&server)
        .await;
    let types = token_server(&server)
        .mobile_auth_types(PERSON_ID, DEVICE_ID)
        .await
        .unwrap();
    assert_eq!(types, []);
}

#[tokio::test]
async fn starting_posts_the_form_and_reads_the_transaction() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/api/v4/authenticate/user"))
        .and(credentials())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"transaction_id": TRANSACTION, "expires_in": 90})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let started = token_server(&server)
        .start_mobile_auth("PUSH_AUTH", PERSON_ID, DEVICE_ID, "Is it you? & yes = 100%")
        .await
        .unwrap();

    assert_eq!(
        started,
        StartedTransaction {
            id: TRANSACTION.into(),
            expires_in: Some(90),
        }
    );
    let requests = server.received_requests().await.unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("type"), Some("PUSH_AUTH"));
    assert_eq!(field("user_id"), Some(PERSON_ID));
    assert_eq!(field("device_id"), Some(DEVICE_ID));
    assert_eq!(field("message"), Some("Is it you? & yes = 100%"));
}

#[tokio::test]
async fn a_start_without_a_transaction_id_is_an_invalid_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"expires_in": 90})))
        .mount(&server)
        .await;
    let error = token_server(&server)
        .start_mobile_auth("PUSH_AUTH", PERSON_ID, DEVICE_ID, "hi")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            UpstreamError::InvalidResponse {
                api: UpstreamApi::TokenServerMobileAuthentication,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_transactions_status_is_read_by_either_name_and_any_case() {
    for (body, status) in [
        (json!({"status": "PENDING"}), TransactionStatus::Pending),
        (json!({"state": "confirmed"}), TransactionStatus::Confirmed),
        (json!({"status": "REJECTED"}), TransactionStatus::Rejected),
        (json!({"status": "EXPIRED"}), TransactionStatus::Expired),
        (json!({"status": "FAILED"}), TransactionStatus::Failed),
        // A word nobody documented: still waiting, never approved.
        (
            json!({"status": "SOMETHING_NEW"}),
            TransactionStatus::Pending,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(transaction_path()))
            .and(credentials())
            .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
            .mount(&server)
            .await;
        let read = token_server(&server)
            .mobile_auth_status(TRANSACTION)
            .await
            .unwrap();
        assert_eq!(read, status, "{body}");
    }
}

#[tokio::test]
async fn rejected_credentials_name_the_mobile_authentication_api() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let error = token_server(&server)
        .mobile_auth_status(TRANSACTION)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        UpstreamError::BadCredentials {
            api: UpstreamApi::TokenServerMobileAuthentication
        }
    );
}
