//! Token Server events API (§2).

use serde_json::Value;

use crate::helpers::{TestSim, spawn_sim};

/// A sample person with at least `min` Token Server events.
fn busy_person(t: &TestSim, min: usize) -> String {
    let state = t.sim.state();
    state
        .sample_persons(300)
        .into_iter()
        .map(|p| p.id)
        .find(|id| state.ts_events_of(id).len() >= min)
        .unwrap()
}

fn occurred(events: &Value) -> Vec<i64> {
    events["result_set"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["occurred"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn events_come_newest_first_with_documented_fields() {
    let t = spawn_sim().await;
    let user = busy_person(&t, 5);

    let (status, body) = t.ts_events(&format!("user_id={user}&size=1000")).await;

    assert_eq!(status, 200);
    let times = occurred(&body);
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for e in body["result_set"].as_array().unwrap() {
        for key in [
            "event_identifier",
            "event_type",
            "event_name",
            "client_id",
            "app_name",
            "transaction_id",
            "user_id",
            "client_ip",
            "user_agent",
            "event_agent_user",
            "occurred",
        ] {
            assert!(e.get(key).is_some(), "missing {key}");
        }
        assert_eq!(e["user_id"], user.as_str());
        assert!(
            e["transaction_id"]
                .as_str()
                .unwrap()
                .starts_with("ONEGINI_")
        );
    }
    let ninety_days = 91 * 86_400_000;
    assert!(times[0] - times[times.len() - 1] < ninety_days);
}

#[tokio::test]
async fn pages_split_the_full_list_and_past_the_end_is_empty() {
    let t = spawn_sim().await;
    let user = busy_person(&t, 12);
    let (_, all) = t.ts_events(&format!("user_id={user}&size=1000")).await;
    let total = all["result_set"].as_array().unwrap().len() as u64;

    let mut paged = Vec::new();
    let pages = total.div_ceil(5);
    for page in 0..pages {
        let (status, body) = t
            .ts_events(&format!("user_id={user}&size=5&page={page}"))
            .await;
        assert_eq!(status, 200);
        let p = &body["pagination"];
        assert_eq!(p["total_results"], total);
        assert_eq!(p["offset"], page * 5);
        assert_eq!(p["page_size"], 5);
        assert_eq!(p["number_of_pages"], pages);
        assert_eq!(p["first_page"], page == 0);
        assert_eq!(p["last_page"], page == pages - 1);
        assert_eq!(
            p["previous_page"],
            if page == 0 {
                Value::Null
            } else {
                (page - 1).into()
            }
        );
        assert_eq!(
            p["next_page"],
            if page + 1 < pages {
                (page + 1).into()
            } else {
                Value::Null
            }
        );
        paged.extend(body["result_set"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(Value::Array(paged), all["result_set"]);

    let (status, past) = t
        .ts_events(&format!("user_id={user}&size=5&page={pages}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(past["result_set"], Value::Array(vec![]));
    assert_eq!(past["pagination"]["total_results"], total);

    let (_, default) = t.ts_events(&format!("user_id={user}")).await;
    assert_eq!(default["pagination"]["page_size"], 20);
}

#[tokio::test]
async fn bad_size_or_page_is_400_invalid_request() {
    let t = spawn_sim().await;
    for query in [
        "size=1001",
        "size=0",
        "size=ten",
        "page=-1",
        "page=x",
        "start_date=today",
        "end_date_exclusive=perhaps",
    ] {
        let (status, body) = t.ts_events(query).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["code"], "invalid_request", "{query}");
        assert!(body["message"].is_string());
    }
    let (status, _) = t.ts_events("size=1000").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn user_id_is_case_insensitive() {
    let t = spawn_sim().await;
    let user = busy_person(&t, 1);

    let (_, lower) = t.ts_events(&format!("user_id={user}")).await;
    let (_, upper) = t
        .ts_events(&format!("user_id={}", user.to_uppercase()))
        .await;

    assert_eq!(lower, upper);
    assert!(lower["pagination"]["total_results"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn type_client_transaction_and_date_filters_apply() {
    let t = spawn_sim().await;
    let user = busy_person(&t, 10);
    let events = t.sim.state().ts_events_of(&user);
    let a = events[0].event_type;
    let b = events
        .iter()
        .map(|e| e.event_type)
        .find(|t| *t != a)
        .unwrap();

    let (_, either) = t
        .ts_events(&format!(
            "user_id={user}&size=1000&event_type={a}&event_type={b}"
        ))
        .await;
    let count = |ty: &str| events.iter().filter(|e| e.event_type == ty).count();
    assert_eq!(
        either["result_set"].as_array().unwrap().len(),
        count(a) + count(b)
    );

    let (_, without) = t
        .ts_events(&format!("user_id={user}&size=1000&exclude_event_type={a}"))
        .await;
    assert_eq!(
        without["result_set"].as_array().unwrap().len(),
        events.len() - count(a)
    );

    let tx = &events[3].transaction_id;
    let (_, by_tx) = t
        .ts_events(&format!("user_id={user}&transaction_id={tx}"))
        .await;
    assert_eq!(
        by_tx["result_set"][0]["event_identifier"],
        events[3].event_identifier.as_str()
    );

    let client = events[0].client_id.unwrap();
    let (_, by_client) = t
        .ts_events(&format!("user_id={user}&size=1000&client_id={client}"))
        .await;
    assert!(
        by_client["result_set"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["client_id"] == client)
    );

    // Inclusive bounds: an event exactly on start and end dates is in; exclusive drops the end.
    let at = events[2].occurred;
    let (_, on) = t
        .ts_events(&format!("user_id={user}&start_date={at}&end_date={at}"))
        .await;
    assert!(occurred(&on).contains(&at));
    let (_, excl) = t
        .ts_events(&format!(
            "user_id={user}&start_date={at}&end_date={at}&end_date_exclusive=true"
        ))
        .await;
    assert!(!occurred(&excl).contains(&at));
    let (_, newer) = t
        .ts_events(&format!("user_id={user}&size=1000&start_date={at}"))
        .await;
    assert!(occurred(&newer).iter().all(|&o| o >= at));
}

#[tokio::test]
async fn without_user_id_events_of_everyone_are_listed() {
    let t = spawn_sim().await;
    let (status, body) = t.ts_events("size=50").await;
    assert_eq!(status, 200);
    let times = occurred(&body);
    assert_eq!(times.len(), 50);
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert!(body["pagination"]["total_results"].as_u64().unwrap() > 300);

    let (_, unknown) = t.ts_events("user_id=nobody").await;
    assert_eq!(unknown["pagination"]["total_results"], 0);
}

#[tokio::test]
async fn a_recorded_event_is_the_newest_of_everyone_and_global_pages_agree() {
    let t = spawn_sim().await;
    let person = t.sample(3);
    let device = t.devices(&person.id).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.delete_device(&person.id, &device).await;

    let (_, newest) = t.ts_events("size=1").await;
    assert_eq!(newest["result_set"][0]["event_type"], "API_DEVICE_REMOVED");
    assert_eq!(newest["result_set"][0]["user_id"], person.id.as_str());

    let (_, big) = t.ts_events("size=300").await;
    let mut paged = Vec::new();
    for page in 0..3 {
        let (_, body) = t.ts_events(&format!("size=100&page={page}")).await;
        paged.extend(body["result_set"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(Value::Array(paged), big["result_set"]);
    let (_, removed) = t.ts_events("event_type=API_DEVICE_REMOVED&size=1000").await;
    assert!(
        removed["result_set"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event_type"] == "API_DEVICE_REMOVED")
    );
}
