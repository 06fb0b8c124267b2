//! Concurrent cold requests for one user make one upstream call per source.

use futures::future::join_all;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{
    PERSON_ID, T0, cim_event, cim_events, device, devices, person, ts_event, ts_events,
};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_hundred_concurrent_cold_profiles_make_one_call_per_source() {
    let app = spawn_app().await;
    let slow = std::time::Duration::from_millis(200);
    let mount = |server, route: String, body| async move {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body)
                    .set_delay(slow),
            )
            .expect(1)
            .mount(server)
            .await;
    };
    mount(
        &app.cim,
        format!("/api/persons/{PERSON_ID}"),
        person(PERSON_ID),
    )
    .await;
    mount(
        &app.cim,
        "/api/events".into(),
        cim_events(vec![cim_event("c1", "person.X", T0)]),
    )
    .await;
    mount(
        &app.token_server,
        crate::fixtures::devices_path(PERSON_ID),
        devices(vec![device("d1", T0, true, true)]),
    )
    .await;
    mount(
        &app.token_server,
        "/oauth/api/v1/events".into(),
        ts_events(vec![ts_event("t1", "API_DEVICE_REMOVED", T0)]),
    )
    .await;

    let url = app.url(&format!("/api/v1/users/{PERSON_ID}"));
    let answers =
        join_all((0..100).map(|_| app.client.get(&url).bearer_auth(&app.token).send())).await;

    for answer in answers {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 200);
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(body["unavailable"], json!([]));
        assert_eq!(body["devices"][0]["id"], "d1");
    }
    // The mocks' `expect(1)` are verified when the mock servers drop.
}
