//! Finding persons by e-mail address in each way CIM may offer (ONEGINI-APIS §3).

use cs_upstream::{CimClient, SearchStrategies, SearchStrategy, UpstreamApi, UpstreamError};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{PERSON_ID, config, credentials, person};

const EMAIL: &str = "joe.doe@example.com";

fn client(server: &MockServer, strategies: SearchStrategies) -> CimClient {
    CimClient::new(config(&server.uri()), None)
        .unwrap()
        .with_search(&strategies)
}

fn only(strategy: SearchStrategy) -> SearchStrategies {
    SearchStrategies::One(strategy)
}

async fn migration_answers(server: &MockServer, answer: ResponseTemplate, calls: u64) {
    Mock::given(method("POST"))
        .and(path("/api/migration/status"))
        .and(credentials())
        .and(body_json(json!({ "email": EMAIL })))
        .respond_with(answer)
        .expect(calls)
        .mount(server)
        .await;
}

async fn person_is_readable(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(person(PERSON_ID).build()))
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_migration_status_names_the_person_who_is_then_read() {
    let server = MockServer::start().await;
    let status = json!({ "status": "MIGRATED", "person_id": PERSON_ID });
    migration_answers(&server, ResponseTemplate::new(200).set_body_json(status), 1).await;
    person_is_readable(&server).await;

    let found = client(&server, only(SearchStrategy::MigrationStatus))
        .find_by_email(EMAIL)
        .await
        .unwrap();

    assert_eq!(found.persons.len(), 1);
    assert_eq!(found.persons[0].person_id, PERSON_ID);
}

#[tokio::test]
async fn a_migration_status_without_a_person_id_is_nobody() {
    for answer in [
        json!({ "status": "UNKNOWN" }),
        json!({ "status": "x", "person_id": "" }),
    ] {
        let server = MockServer::start().await;
        migration_answers(&server, ResponseTemplate::new(200).set_body_json(answer), 1).await;

        let found = client(&server, only(SearchStrategy::MigrationStatus))
            .find_by_email(EMAIL)
            .await
            .unwrap();

        assert!(found.persons.is_empty());
    }
}

#[tokio::test]
async fn a_switched_off_migration_feature_is_said_so() {
    let server = MockServer::start().await;
    migration_answers(&server, ResponseTemplate::new(503), 1).await;

    let error = client(&server, SearchStrategies::default())
        .find_by_email(EMAIL)
        .await
        .unwrap_err();

    assert_eq!(
        error,
        UpstreamError::SwitchedOff {
            api: UpstreamApi::CimPersons,
            path: "/api/migration/status"
        }
    );
}

#[tokio::test]
async fn without_the_migration_lookup_the_next_way_is_used_and_remembered() {
    let server = MockServer::start().await;
    // A CIM without the operation: 404, and only once, because the client remembers.
    migration_answers(&server, ResponseTemplate::new(404), 1).await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .and(query_param("email", EMAIL))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result_set": [person(PERSON_ID).build()], "total_results": 1
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server, SearchStrategies::default());

    for _ in 0..2 {
        let found = client.find_by_email(EMAIL).await.unwrap();
        assert_eq!(found.persons[0].person_id, PERSON_ID);
    }
}

#[tokio::test]
async fn a_cim_with_none_of_the_ways_says_there_is_no_such_operation() {
    for status in [404, 405, 501] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/persons/search"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;

        let error = client(&server, SearchStrategies::default())
            .find_by_email(EMAIL)
            .await
            .unwrap_err();

        assert!(
            matches!(error, UpstreamError::NoSuchOperation { .. }),
            "{status}: {error:?}"
        );
    }
}
