//! CIM Events API.

use cs_upstream::{UpstreamApi, UpstreamError};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{PERSON_ID, cim, cim_event, credentials, only_query, pairs};

#[tokio::test]
async fn events_are_fetched_by_user_id_in_both_spellings_with_limit_and_offset() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resultSet": [cim_event("e1").build(), cim_event("e2").build()],
            "pagination": {"limit": 50, "offset": 0, "total": 2}
        })))
        .expect(1)
        .mount(&server)
        .await;

    // Act
    let page = cim(&server).events(PERSON_ID, 50, 100).await.unwrap();

    // Assert
    assert_eq!(
        only_query(&server).await,
        pairs(&[
            ("userId", PERSON_ID),
            ("user_id", PERSON_ID),
            ("limit", "50"),
            ("offset", "100")
        ])
    );
    assert_eq!(page.events.len(), 2);
    let first = &page.events[0];
    assert_eq!(first.event_identifier, "e1");
    assert_eq!(first.person_id.as_deref(), Some(PERSON_ID));
    assert_eq!(first.occurred, 1_712_000_000_000);
    assert_eq!(first.event_type, "person.SessionLoginSucceededEvent");
    assert_eq!(
        first.event_name.as_deref(),
        Some("SessionLoginSucceededEvent")
    );
    assert_eq!(first.client_ip.as_deref(), Some("10.0.0.5"));
    assert_eq!(first.user_agent.as_deref(), Some("Mozilla/5.0"));
    assert_eq!(first.partition_id.as_deref(), Some("default"));
    assert_eq!(first.event_agent_user.as_deref(), Some("helpdesk-agent-1"));
    assert_eq!(first.reason.as_deref(), Some("login"));
    assert_eq!(page.pagination.unwrap()["total"], 2);
}

#[tokio::test]
async fn snake_case_result_set_and_events_with_only_required_fields_are_read() {
    let server = MockServer::start().await;
    let minimal = json!({"event_identifier": "e1", "occurred": 1, "event_type": "t", "new": true});
    Mock::given(path("/api/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result_set": [minimal]})))
        .mount(&server)
        .await;

    let page = cim(&server).events("p1", 10, 0).await.unwrap();

    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].person_id, None);
    assert_eq!(page.pagination, None);
}

#[tokio::test]
async fn an_event_without_a_documented_field_is_left_out_not_its_page() {
    let server = MockServer::start().await;
    Mock::given(path("/api/events"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"resultSet": [
                cim_event("e1").without("event_type").build(),
                cim_event("e2").build(),
                cim_event("e3").with("occurred", json!("yesterday")).build(),
            ]})),
        )
        .mount(&server)
        .await;

    let page = cim(&server).events("p1", 10, 0).await.unwrap();

    let ids: Vec<&str> = page
        .events
        .iter()
        .map(|e| e.event_identifier.as_str())
        .collect();
    assert_eq!(ids, ["e2"]);
    assert_eq!(
        page.received, 3,
        "a full page is still told by what was sent"
    );
}

#[tokio::test]
async fn a_rejected_query_is_a_bad_request_with_the_cim_message() {
    let server = MockServer::start().await;
    Mock::given(path("/api/events"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error_code": 4004, "error_message": "Both user ID and actor ID are missing"}),
        ))
        .mount(&server)
        .await;

    let error = cim(&server).events("p1", 5000, 0).await.unwrap_err();

    assert_eq!(
        error,
        UpstreamError::BadRequest {
            api: UpstreamApi::CimEvents,
            path: "/api/events",
            message: "Both user ID and actor ID are missing".to_owned(),
        }
    );
}
