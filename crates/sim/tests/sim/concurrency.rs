//! Many requests at once keep the data consistent.

use std::sync::Arc;

use reqwest::Method;

use crate::helpers::{ids, spawn_sim};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deletes_and_lists_stay_consistent() {
    let t = Arc::new(spawn_sim().await);
    let state = t.sim.state();
    // Every device of the first persons with devices, up to 50.
    let targets: Vec<(String, String)> = state
        .sample_persons(100)
        .into_iter()
        .flat_map(|p| {
            state
                .devices_of(&p.id)
                .into_iter()
                .map(move |d| (p.id.clone(), d.id))
        })
        .take(50)
        .collect();
    let users: Vec<String> = {
        let mut u: Vec<String> = targets.iter().map(|(u, _)| u.clone()).collect();
        u.dedup();
        u
    };
    let events_before: Vec<usize> = users.iter().map(|u| state.ts_events_of(u).len()).collect();

    let mut tasks = Vec::new();
    for (user, device) in targets.clone() {
        let t = Arc::clone(&t);
        tasks.push(tokio::spawn(async move {
            assert_eq!(t.delete_device(&user, &device).await.status(), 204);
        }));
    }
    for user in users.clone() {
        let t = Arc::clone(&t);
        tasks.push(tokio::spawn(async move {
            for _ in 0..3 {
                let res = t
                    .ts(Method::GET, &format!("/api/v4/users/{user}/devices"))
                    .send()
                    .await
                    .unwrap();
                assert!(res.status() == 200 || res.status() == 404);
            }
        }));
    }
    // The same device deleted ten times at once: one removal, one event.
    let (dup_user, dup_device) = targets[0].clone();
    for _ in 0..10 {
        let t = Arc::clone(&t);
        let (user, device) = (dup_user.clone(), dup_device.clone());
        tasks.push(tokio::spawn(async move {
            assert_eq!(t.delete_device(&user, &device).await.status(), 204);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    for (i, user) in users.iter().enumerate() {
        let remaining = ids(&t.devices(user).await);
        let deleted: Vec<&String> = targets
            .iter()
            .filter(|(u, _)| u == user)
            .map(|(_, d)| d)
            .collect();
        assert!(deleted.iter().all(|d| !remaining.contains(d)));
        let removal_events = state.ts_events_of(user).len() - events_before[i];
        assert_eq!(
            removal_events,
            deleted.len(),
            "one event per deleted device of {user}"
        );
    }
}
