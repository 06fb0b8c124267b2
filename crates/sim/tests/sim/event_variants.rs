//! The CIM events API in each vendor variant: the spelling of its user parameter (§4).

use onegini_sim::{CimEventsUserParam, SimSettings};
use serde_json::{Value, json};

use crate::helpers::{TestSim, spawn_sim_with, test_settings};

async fn spawn(adjust: impl FnOnce(&mut SimSettings)) -> TestSim {
    let mut settings = SimSettings {
        persons: 50,
        ..test_settings()
    };
    adjust(&mut settings);
    spawn_sim_with(settings).await
}

async fn cim_events(t: &TestSim, query: &str) -> (u16, Value) {
    let res = t.cim(&format!("/api/events?{query}")).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

fn missing_user() -> Value {
    json!({"error_code": 4004, "error_message": "Both user ID and actor ID are missing"})
}

#[tokio::test]
async fn by_default_both_spellings_of_the_user_are_accepted() {
    let t = spawn(|_| {}).await;
    let id = t.sample(0).id;

    let (camel, camel_body) = cim_events(&t, &format!("userId={id}")).await;
    let (snake, snake_body) = cim_events(&t, &format!("user_id={id}")).await;

    assert_eq!((camel, snake), (200, 200));
    assert_eq!(camel_body, snake_body);
    assert!(!camel_body["resultSet"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn user_id_only_refuses_user_id_in_camel_case() {
    let t = spawn(|s| s.cim_events_user_param = CimEventsUserParam::UserIdOnly).await;
    let id = t.sample(0).id;

    assert_eq!(cim_events(&t, &format!("user_id={id}")).await.0, 200);
    assert_eq!(
        cim_events(&t, &format!("userId={id}")).await,
        (400, missing_user())
    );
}

#[tokio::test]
async fn camel_only_refuses_user_id_in_snake_case() {
    let t = spawn(|s| s.cim_events_user_param = CimEventsUserParam::CamelOnly).await;
    let id = t.sample(0).id;

    assert_eq!(cim_events(&t, &format!("userId={id}")).await.0, 200);
    assert_eq!(
        cim_events(&t, &format!("user_id={id}")).await,
        (400, missing_user())
    );
}
