use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{PERSON_ID, T0, device, person};
use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn a_search_finds_the_person_with_their_device_count() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .and(query_param("email", "Joe.Doe@Example.com"))
        .and(query_param("max_results", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result_set": [person(PERSON_ID)], "total_results": 1
        })))
        .expect(1)
        .mount(&app.cim)
        .await;
    app.mount_devices(
        PERSON_ID,
        vec![device("d1", T0, true, true), device("d2", T0, false, false)],
    )
    .await;

    let response = app.get("/api/v1/users?email=Joe.Doe%40Example.com").await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({
            "users": [{
                "personId": PERSON_ID, "displayName": "Joe Doe",
                "primaryEmail": "joe.doe@example.com", "deviceCount": 2
            }],
            "unavailable": []
        })
    );
}

#[tokio::test]
async fn a_search_without_matches_is_an_empty_list() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"result_set": [], "total_results": 0})),
        )
        .mount(&app.cim)
        .await;

    let body: Value = app
        .get("/api/v1/users?email=nobody@example.com")
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(body, json!({"users": [], "unavailable": []}));
}

#[tokio::test]
async fn a_search_whose_device_counts_fail_still_lists_the_person() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"result_set": [person(PERSON_ID)]})),
        )
        .mount(&app.cim)
        .await;
    Mock::given(method("GET"))
        .and(path(crate::fixtures::devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.token_server)
        .await;

    let body: Value = app
        .get("/api/v1/users?email=joe.doe@example.com")
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(body["users"][0]["personId"], PERSON_ID);
    assert!(body["users"][0].get("deviceCount").is_none());
    assert_eq!(body["unavailable"][0]["source"], "token_server_devices");
}

#[tokio::test]
async fn invalid_or_missing_addresses_are_refused_without_calling_cim() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&app.cim)
        .await;

    for query in [
        "",
        "?email=",
        "?email=joe",
        "?email=joe%40",
        "?email=%40example.com",
    ] {
        let body = problem(app.get(&format!("/api/v1/users{query}")).await, 400).await;
        assert!(
            body["detail"].as_str().unwrap().contains("email"),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn a_cim_outage_during_a_search_is_a_503_problem() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/search"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("java.lang.NullPointerException at ..."),
        )
        .mount(&app.cim)
        .await;

    let response = app.get("/api/v1/users?email=joe.doe@example.com").await;
    let body = problem(response, 503).await;

    assert!(
        !body.to_string().contains("NullPointer"),
        "internals leaked: {body}"
    );
}
