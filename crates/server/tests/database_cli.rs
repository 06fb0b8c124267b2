//! `customer-service audit verify` and `customer-service migrate --from --to`, as an operator
//! runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Output;

use cs_api::{AuditAction, AuditOutcome, AuthMethod};
use cs_auth::{AuditStore, Database, DatabaseLocation, NewAuditRecord, PoolLimits};
use cs_clock::Clock;
use cs_testdb::TestDatabase;
use tokio::process::Command;

/// A SQLite trail of `n` completed deletions in `path`.
async fn trail(path: &std::path::Path, n: usize) -> Database {
    let db = Database::open(
        &DatabaseLocation::from(path.to_path_buf()),
        PoolLimits::default(),
    )
    .await
    .unwrap();
    let store = AuditStore::new(db.clone(), Clock::system());
    for i in 0..n {
        let id = store
            .record(NewAuditRecord {
                agent: format!("agent-{i}"),
                auth_method: AuthMethod::Password,
                action: AuditAction::DeviceDelete,
                user_id: Some("u1".into()),
                device_id: Some(format!("d{i}")),
                application: None,
                reason: Some("lost".into()),
                outcome: AuditOutcome::Pending,
                detail: None,
                request_id: None,
                client_ip: None,
            })
            .await
            .unwrap();
        store
            .complete(id, AuditOutcome::Succeeded, None)
            .await
            .unwrap();
    }
    db
}

async fn customer_service(args: &[&str], database: &str) -> (Output, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_customer-service"))
        .args(args)
        .env_clear()
        .env("CS__AUTH__DATABASE", database)
        .output()
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, said)
}

#[tokio::test]
async fn audit_verify_says_intact_and_names_the_first_record_changed_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cs.db");
    let db = trail(&path, 3).await;
    let location = path.display().to_string();

    let (intact, said) = customer_service(&["audit", "verify"], &location).await;
    assert!(intact.status.success(), "{said}");
    assert!(
        said.starts_with("intact: 3 records, 6 chain entries"),
        "{said}"
    );

    sqlx::query("UPDATE audit SET agent = 'someone-else' WHERE id = 2")
        .execute(db.pool())
        .await
        .unwrap();
    let (broken, said) = customer_service(&["audit", "verify"], &location).await;
    assert_eq!(broken.status.code(), Some(1), "{said}");
    assert!(said.starts_with("BROKEN at record 2"), "{said}");
    assert!(said.contains("differs from what was written"), "{said}");
}

#[tokio::test]
async fn a_sqlite_database_moves_to_postgresql_with_its_chain_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cs.db");
    drop(trail(&path, 4).await);
    let target = TestDatabase::create().await;

    let (moved, said) = customer_service(
        &[
            "migrate",
            "--from",
            &path.display().to_string(),
            "--to",
            target.url(),
        ],
        "unused.db",
    )
    .await;
    assert!(
        moved.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert!(
        said.contains("copied 4 audit records (8 chain entries)"),
        "{said}"
    );

    let (verified, said) = customer_service(&["audit", "verify"], target.url()).await;
    assert!(verified.status.success(), "{said}");
    assert!(said.starts_with("intact: 4 records"), "{said}");

    let (again, _) = customer_service(
        &[
            "migrate",
            "--from",
            &path.display().to_string(),
            "--to",
            target.url(),
        ],
        "unused.db",
    )
    .await;
    assert!(!again.status.success(), "never merged into a trail");
}
