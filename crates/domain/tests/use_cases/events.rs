//! Naming the agent behind a removal made here, wherever events are read.

use cs_domain::{EventsQuery, FieldAccess};
use serde_json::Value;

use crate::support::{Stack, TS_CLIENT, USER, agent, cim_event, now_ms, removal};

fn actors(events: &[cs_api::Event]) -> Vec<Option<&str>> {
    events.iter().map(|e| e.actor.as_deref()).collect()
}

async fn after_a_deletion_by_ann(stack: &Stack, events: Vec<Value>) {
    stack.person().await;
    stack.devices_changing(&["d1"], 1, &[]).await;
    stack.delete_answers("d1", 204, 1).await;
    stack
        .service
        .delete_device(&agent("ann"), USER, "d1", None)
        .await
        .unwrap();
    stack.token_server_events(events).await;
    stack.no_cim_events().await;
}

#[tokio::test]
async fn the_profile_and_the_events_pages_name_the_same_agent() {
    let stack = Stack::start().await;
    let now = now_ms();
    after_a_deletion_by_ann(
        &stack,
        vec![
            removal("ours", TS_CLIENT, now),
            removal("colleague", "helpdesk-agent-1", now - 1_000),
            removal("long-ago", TS_CLIENT, now - 3_600_000),
        ],
    )
    .await;

    let page = stack
        .service
        .events(USER, &EventsQuery::default())
        .await
        .unwrap();
    let profile = stack
        .service
        .profile(USER, &FieldAccess::all())
        .await
        .unwrap();

    let expected = [Some("ann"), Some("helpdesk-agent-1"), Some(TS_CLIENT)];
    assert_eq!(actors(&page.events), expected);
    assert_eq!(actors(&profile.events), expected);
}

#[tokio::test]
async fn without_a_readable_trail_the_events_keep_the_recorded_actor() {
    let stack = Stack::start().await;
    after_a_deletion_by_ann(&stack, vec![removal("ours", TS_CLIENT, now_ms())]).await;
    stack.audit.break_down();

    let page = stack
        .service
        .events(USER, &EventsQuery::default())
        .await
        .unwrap();

    assert_eq!(actors(&page.events), [Some(TS_CLIENT)]);
    assert!(page.unavailable.is_empty());
}

/// Thirty CIM events a second apart, in the order `order` gives their indexes; the timeline
/// asked for the five newest, CIM read ten at a time.
async fn five_newest_when_cim_answers(order: impl Fn(Vec<usize>) -> Vec<usize>) -> Vec<String> {
    let stack = Stack::start_with_events_page_size(10).await;
    let t0 = 1_712_000_000_000_i64;
    let events: Vec<Value> = order((0..30).collect())
        .into_iter()
        .map(|i| cim_event(&format!("e{i:02}"), t0 + 1_000 * i64::try_from(i).unwrap()))
        .collect();
    stack.cim_events_in_pages(&events, 10).await;
    stack.no_token_server_events().await;
    let query = EventsQuery {
        limit: 5,
        ..EventsQuery::default()
    };

    let page = stack.service.events(USER, &query).await.unwrap();

    assert!(page.next_before.is_some(), "older events remain");
    page.events.into_iter().map(|e| e.id).collect()
}

#[tokio::test]
async fn the_timeline_is_newest_first_whatever_order_cim_answers_in() {
    let newest = ["e29", "e28", "e27", "e26", "e25"];

    assert_eq!(
        five_newest_when_cim_answers(|order| order.into_iter().rev().collect()).await,
        newest
    );
    assert_eq!(
        five_newest_when_cim_answers(|order| order).await,
        newest,
        "oldest first"
    );
    let shuffled = |order: Vec<usize>| {
        // A fixed shuffle: every seventh, wrapping around.
        let n = order.len();
        (0..n).map(|i| order[(i * 7) % n]).collect()
    };
    assert_eq!(
        five_newest_when_cim_answers(shuffled).await,
        newest,
        "shuffled"
    );
}
