//! CIM Person API: person by id and search by e-mail.

use cs_upstream::{CimClient, UpstreamApi, UpstreamError};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{
    PERSON_ID, config, credentials, documented_person, only_query, pairs, person,
};

#[tokio::test]
async fn the_documented_person_is_read_with_every_field() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/persons/{PERSON_ID}")))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(documented_person()))
        .expect(1)
        .mount(&server)
        .await;

    // Act
    let found = crate::helpers::cim(&server)
        .person(PERSON_ID)
        .await
        .unwrap();

    // Assert
    assert_eq!(found.person_id, PERSON_ID);
    assert_eq!(found.gender.as_deref(), Some("M"));
    let name = found.name.unwrap();
    assert_eq!(name.first_name.as_deref(), Some("Joe"));
    assert_eq!(name.last_name.as_deref(), Some("Doe"));
    assert_eq!(name.initials.as_deref(), Some("J."));
    assert_eq!(name.display_name.as_deref(), Some("Joe Doe"));
    assert_eq!(found.date_of_birth.as_deref(), Some("1990-01-31"));
    assert_eq!(found.email_addresses.len(), 1);
    assert_eq!(found.email_addresses[0].value, "joe.doe@example.com");
    assert!(found.email_addresses[0].primary && found.email_addresses[0].verified);
    assert_eq!(found.phone_numbers[0].value, "+31 6 12345678");
    assert_eq!(found.phone_numbers[0].tag.as_deref(), Some("MOBILE"));
    assert_eq!(found.addresses, json!([]));
    assert_eq!(found.preferred_locale.as_deref(), Some("en_US"));
    assert_eq!(found.custom_attributes, json!({}));
}

#[tokio::test]
async fn a_person_with_only_a_person_id_is_read_with_empty_optional_fields() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"person_id": "p1"})))
        .mount(&server)
        .await;

    let found = crate::helpers::cim(&server).person("p1").await.unwrap();

    assert_eq!(found.person_id, "p1");
    assert_eq!(found.name, None);
    assert!(found.email_addresses.is_empty() && found.phone_numbers.is_empty());
    assert!(found.custom_attributes.is_null() && found.addresses.is_null());
}

#[tokio::test]
async fn null_collections_and_unknown_fields_are_tolerated() {
    let server = MockServer::start().await;
    let body = person("p1")
        .with("email_addresses", json!(null))
        .with("phone_numbers", json!(null))
        .with(
            "addresses",
            json!([{"street": "Main 1", "city": "Utrecht"}]),
        )
        .with("custom_attributes", json!({"loyalty": {"tier": "gold"}}))
        .with("name", json!({"first_name": "Joe", "nickname": "Joey"}))
        .with("added_in_a_later_version", json!({"anything": [1, 2]}))
        .build();
    Mock::given(path("/api/persons/p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let found = crate::helpers::cim(&server).person("p1").await.unwrap();

    assert!(found.email_addresses.is_empty() && found.phone_numbers.is_empty());
    assert_eq!(found.addresses.as_array().map(Vec::len), Some(1));
    assert_eq!(found.custom_attributes["loyalty"]["tier"], "gold");
    assert_eq!(found.name.unwrap().last_name, None);
}

#[tokio::test]
async fn addresses_and_custom_attributes_of_any_json_shape_are_kept_as_they_are() {
    for (addresses, attributes) in [
        (
            json!({"home": "Main 1"}),
            json!([{"name": "loyalty", "value": "gold"}]),
        ),
        (json!("Main 1, Utrecht"), json!("gold")),
        (json!(42), json!(true)),
    ] {
        let server = MockServer::start().await;
        let body = person("p1")
            .with("addresses", addresses.clone())
            .with("custom_attributes", attributes.clone())
            .build();
        Mock::given(path("/api/persons/p1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;

        let found = crate::helpers::cim(&server).person("p1").await.unwrap();

        assert_eq!(found.addresses, addresses);
        assert_eq!(found.custom_attributes, attributes);
    }
}

#[tokio::test]
async fn a_person_without_a_person_id_is_an_invalid_response_naming_the_field() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/p1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(person("p1").without("person_id").build()),
        )
        .mount(&server)
        .await;

    let error = crate::helpers::cim(&server).person("p1").await.unwrap_err();

    let UpstreamError::InvalidResponse { api, path, reason } = error else {
        panic!("expected InvalidResponse, got {error:?}");
    };
    assert_eq!(api, UpstreamApi::CimPersons);
    assert_eq!(path, "/api/persons/{person_id}");
    assert!(reason.contains("person_id"), "{reason}");
}

#[tokio::test]
async fn an_unknown_person_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/nobody"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error_code": 4040, "error_message": "Person not found"})),
        )
        .mount(&server)
        .await;

    let error = crate::helpers::cim(&server)
        .person("nobody")
        .await
        .unwrap_err();

    assert_eq!(
        error,
        UpstreamError::NotFound {
            api: UpstreamApi::CimPersons
        }
    );
}

#[tokio::test]
async fn the_partition_header_is_sent_on_person_api_calls_when_configured() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/p1"))
        .and(header("X-Onegini-Persons-Partition-Id", "tenant-a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(person("p1").build()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/persons/search"))
        .and(header("X-Onegini-Persons-Partition-Id", "tenant-a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result_set": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = crate::helpers::cim_with_partition(&server, "tenant-a");

    client.person("p1").await.unwrap();
    client.search_by_email("a@example.com", 5).await.unwrap();
}

#[tokio::test]
async fn no_partition_header_is_sent_when_none_is_configured() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/p1"))
        .and(|r: &wiremock::Request| !r.headers.contains_key("x-onegini-persons-partition-id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(person("p1").build()))
        .expect(1)
        .mount(&server)
        .await;

    crate::helpers::cim(&server).person("p1").await.unwrap();
}

#[tokio::test]
async fn search_sends_the_email_and_max_results_and_reads_the_result_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .and(credentials())
        .and(query_param("email", "joe.doe@example.com"))
        .and(query_param("max_results", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result_set": [person("p1").build(), person("p2").build()],
            "total_results": 7
        })))
        .expect(1)
        .mount(&server)
        .await;

    let found = crate::helpers::cim(&server)
        .search_by_email("joe.doe@example.com", 50)
        .await
        .unwrap();

    assert_eq!(found.persons.len(), 2);
    assert_eq!(found.persons[1].person_id, "p2");
    assert_eq!(found.total_results, 7);
}

#[tokio::test]
async fn search_percent_encodes_a_plus_in_the_email() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result_set": []})))
        .mount(&server)
        .await;

    crate::helpers::cim(&server)
        .search_by_email("joe+tag@example.com", 10)
        .await
        .unwrap();

    // Decoded as a form would be: a raw `+` would have come back as a space.
    assert_eq!(
        only_query(&server).await,
        pairs(&[("email", "joe+tag@example.com"), ("max_results", "10")])
    );
    let raw = server.received_requests().await.unwrap()[0]
        .url
        .query()
        .unwrap()
        .to_owned();
    assert!(raw.contains("joe%2Btag%40example.com"), "{raw}");
}

#[tokio::test]
async fn search_without_total_results_counts_the_result_set_and_reads_null_as_empty() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/search"))
        .and(query_param("email", "one@example.com"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"result_set": [person("p1").build()]})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/persons/search"))
        .and(query_param("email", "none@example.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result_set": null})))
        .mount(&server)
        .await;
    let client = crate::helpers::cim(&server);

    let one = client.search_by_email("one@example.com", 5).await.unwrap();
    let none = client.search_by_email("none@example.com", 5).await.unwrap();

    assert_eq!((one.persons.len(), one.total_results), (1, 1));
    assert_eq!((none.persons.len(), none.total_results), (0, 0));
}

#[tokio::test]
async fn a_person_id_with_a_slash_or_question_mark_stays_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/a%2Fb%3Fc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(person("a/b?c").build()))
        .expect(1)
        .mount(&server)
        .await;

    let found = crate::helpers::cim(&server).person("a/b?c").await.unwrap();

    assert_eq!(found.person_id, "a/b?c");
    assert!(
        server.received_requests().await.unwrap()[0]
            .url
            .query()
            .is_none()
    );
}

#[tokio::test]
async fn a_dot_segment_person_id_is_refused_without_a_request() {
    let server = MockServer::start().await;

    let client = crate::helpers::cim(&server);
    let dots = client.person("..").await.unwrap_err();
    let empty = client.person("").await.unwrap_err();

    assert!(matches!(dots, UpstreamError::BadRequest { .. }), "{dots:?}");
    assert!(
        matches!(empty, UpstreamError::BadRequest { .. }),
        "{empty:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_and_trailing_slash_keeps_the_prefix() {
    let server = MockServer::start().await;
    Mock::given(path("/idp/api/persons/p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(person("p1").build()))
        .expect(2)
        .mount(&server)
        .await;

    for base in [
        format!("{}/idp/", server.uri()),
        format!("{}/idp", server.uri()),
    ] {
        let client = CimClient::new(config(&base), None).unwrap();
        client.person("p1").await.unwrap();
    }
}
