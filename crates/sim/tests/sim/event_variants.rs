//! The events APIs in each vendor variant: the spelling of CIM's user parameter (§4) and the
//! order of both products' events.

use onegini_sim::{CimEventsUserParam, EventOrder, SimSettings};
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

/// `occurred` of each event of a page, in the order answered.
fn times(page: &Value, list: &str) -> Vec<i64> {
    page[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["occurred"].as_i64().unwrap())
        .collect()
}

fn ids(page: &Value, list: &str) -> Vec<String> {
    page[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_identifier"].as_str().unwrap().to_owned())
        .collect()
}

/// The first person with several events of both products.
fn busy_person(t: &TestSim) -> String {
    let state = t.sim.state();
    state
        .persons(usize::MAX)
        .into_iter()
        .map(|p| p.id)
        .find(|id| state.ts_events_of(id).len() >= 5 && state.cim_events_of(id).len() >= 5)
        .unwrap()
}

/// The busy person's CIM events, all on one page.
async fn all_cim_events(t: &TestSim) -> Value {
    let (status, page) = cim_events(t, &format!("userId={}&limit=1000", busy_person(t))).await;
    assert_eq!(status, 200);
    page
}

#[tokio::test]
async fn cim_events_come_newest_first_by_default() {
    let t = spawn(|_| {}).await;
    let times = times(&all_cim_events(&t).await, "resultSet");
    assert!(times.len() >= 5);
    assert!(times.is_sorted_by(|a, b| a >= b), "{times:?}");
}

#[tokio::test]
async fn cim_events_can_come_oldest_first() {
    let t = spawn(|s| s.cim_events_order = EventOrder::OldestFirst).await;
    let times = times(&all_cim_events(&t).await, "resultSet");
    assert!(times.len() >= 5);
    assert!(times.is_sorted(), "{times:?}");
}

#[tokio::test]
async fn shuffled_cim_events_are_the_same_events_in_one_order_for_one_seed() {
    let newest = spawn(|_| {}).await;
    let shuffled = spawn(|s| s.cim_events_order = EventOrder::Shuffled).await;
    let again = spawn(|s| s.cim_events_order = EventOrder::Shuffled).await;

    let newest_ids = ids(&all_cim_events(&newest).await, "resultSet");
    let shuffled_ids = ids(&all_cim_events(&shuffled).await, "resultSet");

    assert_ne!(shuffled_ids, newest_ids);
    let (mut a, mut b) = (shuffled_ids.clone(), newest_ids);
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same events");
    assert_eq!(
        ids(&all_cim_events(&again).await, "resultSet"),
        shuffled_ids
    );
}

#[tokio::test]
async fn shuffled_cim_events_page_consistently() {
    let t = spawn(|s| s.cim_events_order = EventOrder::Shuffled).await;
    let id = busy_person(&t);
    let all = ids(&all_cim_events(&t).await, "resultSet");

    let (_, first) = cim_events(&t, &format!("userId={id}&limit=2&offset=0")).await;
    let (_, second) = cim_events(&t, &format!("userId={id}&limit=2&offset=2")).await;

    let paged: Vec<String> = [ids(&first, "resultSet"), ids(&second, "resultSet")].concat();
    assert_eq!(paged, all[..4]);
}

#[tokio::test]
async fn token_server_events_come_newest_first_by_default_and_can_come_oldest_first() {
    let newest = spawn(|_| {}).await;
    let oldest = spawn(|s| s.ts_events_order = EventOrder::OldestFirst).await;
    let query = format!("user_id={}&size=1000", busy_person(&newest));

    let (_, newest_page) = newest.ts_events(&query).await;
    let (_, oldest_page) = oldest.ts_events(&query).await;

    let newest_times = times(&newest_page, "result_set");
    assert!(newest_times.len() >= 5);
    assert!(newest_times.is_sorted_by(|a, b| a >= b));
    assert!(times(&oldest_page, "result_set").is_sorted());
}

#[tokio::test]
async fn token_server_events_can_be_shuffled() {
    let newest = spawn(|_| {}).await;
    let shuffled = spawn(|s| s.ts_events_order = EventOrder::Shuffled).await;
    let query = format!("user_id={}&size=1000", busy_person(&newest));

    let newest_ids = ids(&newest.ts_events(&query).await.1, "result_set");
    let shuffled_ids = ids(&shuffled.ts_events(&query).await.1, "result_set");

    assert_eq!(newest_ids.len(), shuffled_ids.len());
    assert_ne!(newest_ids, shuffled_ids);
}
