//! The embedded SQLite database behind sessions and the audit trail.
//!
//! One connection behind a mutex, used from blocking threads: SQLite serialises writes anyway,
//! and every statement here is a single-row read or write. A PostgreSQL backend for several
//! replicas would replace this module and keep the store interfaces.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;
use tokio::sync::Semaphore;

/// The schema, one step per entry; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE sessions (
         key_hash   TEXT PRIMARY KEY,
         state      TEXT NOT NULL,
         expires_at INTEGER NOT NULL
     );
     CREATE INDEX sessions_expiry ON sessions (expires_at);
     CREATE TABLE audit (
         id            INTEGER PRIMARY KEY AUTOINCREMENT,
         occurred_at   INTEGER NOT NULL,
         agent         TEXT NOT NULL,
         auth_method   TEXT NOT NULL,
         action        TEXT NOT NULL,
         target_user   TEXT,
         target_device TEXT,
         reason        TEXT,
         outcome       TEXT NOT NULL,
         detail        TEXT,
         request_id    TEXT,
         client_ip     TEXT
     );
     CREATE INDEX audit_by_agent ON audit (agent, id);
     CREATE INDEX audit_by_user ON audit (target_user, id);
     CREATE TABLE secrets (
         name  TEXT PRIMARY KEY,
         value BLOB NOT NULL
     );",
    // Which application the device concerned belonged to: evidence of which device it was,
    // and what matches a Token Server removal event (which names the application, not the
    // device) to the deletion that made it.
    "ALTER TABLE audit ADD COLUMN target_application TEXT;",
];

/// Why the database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The blocking task did not finish.
    #[error("database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// Stored data is not in the expected form.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// A handle to the database; clones share the connection.
#[derive(Clone)]
pub struct Database {
    connection: Arc<Mutex<Connection>>,
    /// One blocking task at a time: the connection serialises them anyway, and waiting here (not
    /// on the mutex inside a blocking thread) keeps the blocking pool from growing a thread per
    /// concurrent request.
    turn: Arc<Semaphore>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Database")
    }
}

impl Database {
    /// Opens (creating when needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Database, StoreError> {
        let connection = Connection::open(path)?;
        // WAL lets readers proceed during a write; NORMAL sync is durable across process crashes.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        Self::prepare(connection)
    }

    /// A private in-memory database (tests).
    pub fn open_in_memory() -> Result<Database, StoreError> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut connection: Connection) -> Result<Database, StoreError> {
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut connection)?;
        Ok(Database {
            connection: Arc::new(Mutex::new(connection)),
            turn: Arc::new(Semaphore::new(1)),
        })
    }

    /// Runs `work` on the connection on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        let turn = Arc::clone(&self.turn)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Corrupt("the database was closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut guard = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut guard)
        })
        .await?
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "the database schema (version {applied}) is newer than this program knows ({})",
            MIGRATIONS.len()
        )));
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(step)?;
        transaction.pragma_update(None, "user_version", index + 1)?;
        transaction.commit()?;
        tracing::info!(version = index + 1, "database migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[tokio::test]
    async fn migrations_run_once_and_reopening_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cs.db");
        let db = Database::open(&path).unwrap();
        db.run(|c| Ok(c.execute("INSERT INTO secrets (name, value) VALUES ('k', x'01')", [])?))
            .await
            .unwrap();
        drop(db);

        let reopened = Database::open(&path).unwrap();
        let count: i64 = reopened
            .run(|c| Ok(c.query_row("SELECT count(*) FROM secrets", [], |r| r.get(0))?))
            .await
            .unwrap();

        assert_eq!(count, 1);
    }
}
