//! Token Server events API v1.

use cs_upstream::{TsEventsQuery, TsPagination, UpstreamError};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{credentials, documented_ts_events, only_query, pairs, token_server};

const EVENTS_PATH: &str = "/oauth/api/v1/events";

async fn serve(server: &MockServer, body: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(EVENTS_PATH))
        .and(credentials())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_documented_answer_is_read_with_its_pagination() {
    // Arrange
    let server = MockServer::start().await;
    serve(&server, documented_ts_events()).await;

    // Act
    let page = token_server(&server)
        .events(&TsEventsQuery::for_user("4f0c2f8e-..."))
        .await
        .unwrap();

    // Assert
    let event = &page.events[0];
    assert_eq!(event.event_identifier, "0c7d4a52-...");
    assert_eq!(event.event_type, "API_DEVICE_REMOVED");
    assert_eq!(event.event_name.as_deref(), Some("Api device removed"));
    assert_eq!(event.client_id.as_deref(), Some("873BE1..."));
    assert_eq!(event.app_name.as_deref(), Some("Example Bank app"));
    assert_eq!(event.transaction_id.as_deref(), Some("ONEGINI_6a1c..."));
    assert_eq!(event.user_id.as_deref(), Some("4f0c2f8e-..."));
    assert_eq!(event.client_ip.as_deref(), Some("10.0.0.5"));
    assert_eq!(event.user_agent.as_deref(), Some("Mozilla/5.0 ..."));
    assert_eq!(event.event_agent_user.as_deref(), Some("helpdesk-agent-1"));
    assert_eq!(event.occurred, 1_712_000_000_000);
    assert_eq!(
        page.pagination,
        TsPagination {
            total_results: Some(3),
            offset: Some(0),
            page_size: Some(10),
            number_of_pages: Some(1),
            first_page: Some(true),
            last_page: Some(true),
            previous_page: None,
            next_page: None,
        }
    );
}

#[tokio::test]
async fn a_default_query_sends_the_user_and_the_first_page_of_twenty() {
    let server = MockServer::start().await;
    serve(&server, json!({"result_set": []})).await;

    token_server(&server)
        .events(&TsEventsQuery::for_user("u 1+x"))
        .await
        .unwrap();

    assert_eq!(
        only_query(&server).await,
        pairs(&[("user_id", "u 1+x"), ("page", "0"), ("size", "20")])
    );
}

#[tokio::test]
async fn every_filter_is_sent_and_repeatable_ones_repeat_the_key() {
    let server = MockServer::start().await;
    serve(&server, json!({"result_set": []})).await;
    let query = TsEventsQuery {
        page: 2,
        size: 50,
        event_types: vec![
            "API_DEVICE_REMOVED".to_owned(),
            "DYNAMIC_REG_SUCCESS".to_owned(),
        ],
        exclude_event_types: vec!["API_DEVICES_LISTED".to_owned()],
        client_id: Some("873BE1".to_owned()),
        start_date: Some(1_700_000_000_000),
        end_date: Some(1_712_000_000_000),
        end_date_exclusive: true,
        ..TsEventsQuery::for_user("u1")
    };

    token_server(&server).events(&query).await.unwrap();

    assert_eq!(
        only_query(&server).await,
        pairs(&[
            ("user_id", "u1"),
            ("page", "2"),
            ("size", "50"),
            ("event_type", "API_DEVICE_REMOVED"),
            ("event_type", "DYNAMIC_REG_SUCCESS"),
            ("exclude_event_type", "API_DEVICES_LISTED"),
            ("client_id", "873BE1"),
            ("start_date", "1700000000000"),
            ("end_date", "1712000000000"),
            ("end_date_exclusive", "true"),
        ])
    );
}

#[tokio::test]
async fn an_answer_without_pagination_and_with_camel_case_result_set_is_read() {
    let server = MockServer::start().await;
    serve(
        &server,
        json!({"resultSet": [{"event_identifier": "e", "event_type": "T", "occurred": 5}]}),
    )
    .await;

    let page = token_server(&server)
        .events(&TsEventsQuery::for_user("u1"))
        .await
        .unwrap();

    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].user_id, None);
    assert_eq!(page.pagination, TsPagination::default());
}

#[tokio::test]
async fn an_empty_user_id_is_refused_because_it_would_list_everyones_events() {
    let server = MockServer::start().await;

    let error = token_server(&server)
        .events(&TsEventsQuery::for_user(""))
        .await
        .unwrap_err();

    assert!(
        matches!(error, UpstreamError::BadRequest { .. }),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_probe_asks_for_one_event_of_a_placeholder_user() {
    let server = MockServer::start().await;
    serve(&server, json!({"result_set": []})).await;

    token_server(&server).probe_events().await.unwrap();

    assert_eq!(
        only_query(&server).await,
        pairs(&[("user_id", "_probe_"), ("page", "0"), ("size", "1")])
    );
}
