//! The same seed gives the same data.

use onegini_sim::{SimSettings, SimState};
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{spawn_sim_with, test_settings};

fn snapshot(state: &SimState, n: usize) -> Value {
    let persons: Vec<Value> = state
        .persons(n)
        .iter()
        .map(|p| {
            serde_json::json!({
                "person": state.person(&p.id).map(|x| serde_json::to_value(x).unwrap()),
                "devices": state.devices_of(&p.id),
                "ts_events": state.ts_events_of(&p.id),
                "cim_events": state.cim_events_of(&p.id),
            })
        })
        .collect();
    Value::Array(persons)
}

fn settings(seed: u64, persons: usize) -> SimSettings {
    SimSettings {
        seed,
        persons,
        clock_anchor_ms: Some(1_790_000_000_000),
        ..test_settings()
    }
}

#[test]
fn the_same_seed_gives_identical_data_and_another_seed_does_not() {
    let a = SimState::new(&settings(7, 200));
    let b = SimState::new(&settings(7, 200));
    let c = SimState::new(&settings(8, 200));

    assert_eq!(snapshot(&a, 200), snapshot(&b, 200));
    assert_ne!(snapshot(&a, 20), snapshot(&c, 20));
}

#[test]
fn the_first_persons_do_not_depend_on_how_many_follow() {
    let small = SimState::new(&settings(42, 50));
    let large = SimState::new(&settings(42, 500));
    assert_eq!(snapshot(&small, 50), snapshot(&large, 50));
}

#[tokio::test]
async fn two_running_sims_with_one_seed_serve_the_same_devices() {
    let one = spawn_sim_with(test_settings()).await;
    let two = spawn_sim_with(test_settings()).await;

    let first = one.sim.sample_persons(5);
    assert_eq!(first, two.sim.sample_persons(5));
    for p in &first {
        let get = |t: &crate::helpers::TestSim| {
            t.ts(Method::GET, &format!("/api/v4/users/{}/devices", p.id))
                .send()
        };
        let a: Value = get(&one).await.unwrap().json().await.unwrap();
        let b: Value = get(&two).await.unwrap().json().await.unwrap();
        let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
            v["devices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["id"].clone(), d["name"].clone(), d["model"].clone()))
                .collect()
        };
        assert_eq!(strip(&a), strip(&b));
    }
}
