//! Naming the agent behind a removal made here, wherever events are read.

use cs_domain::{EventsQuery, FieldAccess};
use serde_json::Value;

use crate::support::{Stack, TS_CLIENT, USER, agent, now_ms, removal};

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
