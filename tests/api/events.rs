use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{HOUR, PERSON_ID, T0, cim_event, ts_event};
use crate::helpers::{problem, spawn_app};

fn ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn events_of_both_sources_page_newest_first_with_a_cursor() {
    let app = spawn_app().await;
    // Token Server: t0, t2, t4 hours ago; CIM: c1, c3 hours ago.
    app.mount_ts_events(
        PERSON_ID,
        (0..5)
            .step_by(2)
            .map(|h| ts_event(&format!("t{h}"), "API_DEVICE_REMOVED", T0 - h * HOUR))
            .collect(),
    )
    .await;
    app.mount_cim_events(
        PERSON_ID,
        [1, 3]
            .iter()
            .map(|h| {
                cim_event(
                    &format!("c{h}"),
                    "person.AttributesUpdatedEvent",
                    T0 - h * HOUR,
                )
            })
            .collect(),
    )
    .await;

    let first: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/events?limit=2"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&first), ["t0", "c1"]);
    let cursor = first["nextBefore"].as_str().unwrap();
    let second: Value = app
        .get(&format!(
            "/api/v1/users/{PERSON_ID}/events?limit=2&before={cursor}"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&second), ["t2", "c3"]);
    let cursor = second["nextBefore"].as_str().unwrap();
    let third: Value = app
        .get(&format!(
            "/api/v1/users/{PERSON_ID}/events?limit=2&before={cursor}"
        ))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(ids(&third), ["t4"]);
    assert!(
        third.get("nextBefore").is_none(),
        "the last page has no cursor"
    );
}

#[tokio::test]
async fn a_source_filter_reads_only_that_source() {
    let app = spawn_app().await;
    app.mount_ts_events(PERSON_ID, vec![ts_event("t0", "API_DEVICE_REMOVED", T0)])
        .await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&app.cim)
        .await;

    let page: Value = app
        .get(&format!(
            "/api/v1/users/{PERSON_ID}/events?source=token_server"
        ))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(ids(&page), ["t0"]);
    assert_eq!(page["unavailable"], serde_json::json!([]));
}

#[tokio::test]
async fn a_type_filter_goes_to_the_token_server_and_is_applied_to_cim() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/oauth/api/v1/events"))
        .and(query_param("event_type", "API_DEVICE_REMOVED"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(crate::fixtures::ts_events(vec![ts_event(
                "t0",
                "API_DEVICE_REMOVED",
                T0,
            )])),
        )
        .expect(1)
        .mount(&app.token_server)
        .await;
    app.mount_cim_events(
        PERSON_ID,
        vec![cim_event("c1", "person.AttributesUpdatedEvent", T0 - HOUR)],
    )
    .await;

    let page: Value = app
        .get(&format!(
            "/api/v1/users/{PERSON_ID}/events?type=API_DEVICE_REMOVED"
        ))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(ids(&page), ["t0"]);
}

#[tokio::test]
async fn a_failed_source_is_named_and_the_other_served() {
    let app = spawn_app().await;
    app.mount_ts_events(PERSON_ID, vec![ts_event("t0", "API_DEVICE_REMOVED", T0)])
        .await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&app.cim)
        .await;

    let page: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/events"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(ids(&page), ["t0"]);
    assert_eq!(page["unavailable"][0]["source"], "cim_events");
}

#[tokio::test]
async fn bad_event_queries_are_problems() {
    let app = spawn_app().await;
    for query in [
        "limit=0",
        "limit=101",
        "limit=abc",
        "source=ldap",
        "before=not-a-cursor",
        "limit=-1",
    ] {
        let body = problem(
            app.get(&format!("/api/v1/users/{PERSON_ID}/events?{query}"))
                .await,
            400,
        )
        .await;
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{query}");
    }
}
