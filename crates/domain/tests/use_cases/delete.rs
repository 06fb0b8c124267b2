//! Deleting a device: audited before and after, and verified by reading the list again.

use cs_api::AuditAction;
use cs_domain::{ChangeOutcome, DomainError, FailureKind, Product, UpstreamFailure};

use crate::support::{Stack, USER, agent};

#[tokio::test]
async fn a_device_gone_from_the_list_afterwards_is_deleted_and_audited_as_succeeded() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1", "d2"], 1, &["d2"]).await;
    stack.delete_answers("d1", 204, 1).await;

    let removed = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", Some("Lost the phone".into()))
        .await
        .unwrap();

    assert_eq!(removed.device.id, "d1");
    let records = stack.audit.records();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.actor.username, "ann");
    assert_eq!(record.change.action, AuditAction::DeviceDelete);
    assert_eq!(record.change.user_id.as_deref(), Some(USER));
    assert_eq!(record.change.device_id.as_deref(), Some("d1"));
    assert_eq!(record.change.reason.as_deref(), Some("Lost the phone"));
    assert_eq!(
        record.change.application.as_deref(),
        Some("Example Bank app"),
        "which device it was stays on record"
    );
    assert_eq!(record.outcome, Some(ChangeOutcome::Succeeded));
}

#[tokio::test]
async fn a_device_still_listed_afterwards_is_not_removed_and_audited_as_failed() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &["d1"]).await;
    stack.delete_answers("d1", 204, 1).await;

    let error = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", None)
        .await
        .unwrap_err();

    assert_eq!(error, DomainError::DeviceNotRemoved);
    assert_eq!(
        stack.audit.records()[0].outcome,
        Some(ChangeOutcome::Failed(DomainError::DeviceNotRemoved))
    );
}

#[tokio::test]
async fn a_failed_delete_call_whose_device_is_gone_anyway_is_a_deletion() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &[]).await;
    // The call fails on the way back, but the Token Server did remove the device.
    stack.delete_answers("d1", 503, 1).await;

    let removed = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", None)
        .await
        .unwrap();

    assert_eq!(removed.device.id, "d1");
    assert_eq!(
        stack.audit.records()[0].outcome,
        Some(ChangeOutcome::Succeeded)
    );
}

#[tokio::test]
async fn a_failed_delete_call_whose_device_stays_is_the_upstream_failure() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &["d1"]).await;
    stack.delete_answers("d1", 503, 1).await;

    let error = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", None)
        .await
        .unwrap_err();

    let failure = UpstreamFailure {
        product: Product::TokenServer,
        kind: FailureKind::Unreachable,
    };
    assert_eq!(error, DomainError::Upstream(failure));
    assert_eq!(
        stack.audit.records()[0].outcome,
        Some(ChangeOutcome::Failed(DomainError::Upstream(failure)))
    );
}

#[tokio::test]
async fn a_device_the_user_does_not_have_is_not_found_and_nothing_is_made() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &["d1"]).await;
    stack.delete_answers("other", 204, 0).await;

    let error = stack
        .service
        .delete_device(&agent("ann"), USER, "other", None)
        .await
        .unwrap_err();

    assert_eq!(error, DomainError::DeviceNotFound);
    assert_eq!(
        stack.audit.records()[0].outcome,
        Some(ChangeOutcome::NotMade(DomainError::DeviceNotFound))
    );
}

#[tokio::test]
async fn a_deletion_that_cannot_be_audited_changes_nothing() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &[]).await;
    // Verified when the mock server drops: the Token Server is never asked to delete.
    stack.delete_answers("d1", 204, 0).await;
    stack.audit.break_down();

    let error = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", None)
        .await
        .unwrap_err();

    assert_eq!(error, DomainError::AuditUnavailable);
    assert!(stack.audit.records().is_empty());
    let requests = stack.token_server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r.method == wiremock::http::Method::GET),
        "only read: {requests:?}"
    );
}

#[tokio::test]
async fn an_overlong_reason_is_invalid_before_anything_is_recorded_or_sent() {
    let stack = Stack::start().await;
    stack.delete_answers("d1", 204, 0).await;

    let error = stack
        .service
        .delete_device(&agent("ann"), USER, "d1", Some("x".repeat(501)))
        .await
        .unwrap_err();

    assert!(matches!(error, DomainError::InvalidInput(ref text) if text.contains("500")));
    assert!(stack.audit.records().is_empty());
}

#[tokio::test]
async fn a_blank_reason_is_recorded_as_none() {
    let stack = Stack::start().await;
    stack.devices_changing(&["d1"], 1, &[]).await;
    stack.delete_answers("d1", 204, 1).await;

    stack
        .service
        .delete_device(&agent("ann"), USER, "d1", Some("   ".into()))
        .await
        .unwrap();

    assert_eq!(stack.audit.records()[0].change.reason, None);
}
