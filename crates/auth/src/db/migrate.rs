//! The schema, versioned per engine (`crates/auth/migrations/`), brought up to date at start and
//! by `customer-service migrate`. sqlx records what ran in `_sqlx_migrations` and, on
//! PostgreSQL, holds an advisory lock meanwhile, so replicas starting together migrate once.

use sqlx::AnyPool;
use sqlx::migrate::Migrator;

use super::{Engine, StoreError};

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// Runs what has not run yet.
pub(super) async fn run(pool: &AnyPool, engine: Engine) -> Result<(), StoreError> {
    match engine {
        Engine::Sqlite => {
            upgrade_unversioned_sqlite(pool).await?;
            SQLITE.run(pool).await?;
        }
        Engine::Postgres => POSTGRES.run(pool).await?,
    }
    Ok(())
}

/// The newest version this program knows, per engine.
pub(super) fn latest(engine: Engine) -> i64 {
    let migrator = match engine {
        Engine::Sqlite => &SQLITE,
        Engine::Postgres => &POSTGRES,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Databases made before versioned migrations counted their steps in `PRAGMA user_version` (1:
/// the first tables, 2: `audit.target_application`). The first migration creates those tables
/// only where missing, so such a file needs just the column its version lacks.
async fn upgrade_unversioned_sqlite(pool: &AnyPool) -> Result<(), StoreError> {
    let (version,): (i64,) = sqlx::query_as("PRAGMA user_version")
        .fetch_one(pool)
        .await?;
    if version == 1 {
        sqlx::query("ALTER TABLE audit ADD COLUMN target_application TEXT")
            .execute(pool)
            .await?;
    }
    if version > 2 {
        return Err(StoreError::Corrupt(format!(
            "the database schema (version {version}) is newer than this program knows"
        )));
    }
    if version != 0 {
        sqlx::query("PRAGMA user_version = 0").execute(pool).await?;
        tracing::info!(from = version, "database moved to versioned migrations");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use sqlx::Connection as _;

    use crate::db::{Database, DatabaseLocation, PoolLimits};

    /// The schema as the first release wrote it (`PRAGMA user_version = 1`).
    const FIRST_RELEASE: &str = "
        CREATE TABLE sessions (key_hash TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
        CREATE INDEX sessions_expiry ON sessions (expires_at);
        CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, occurred_at INTEGER NOT NULL,
            agent TEXT NOT NULL, auth_method TEXT NOT NULL, action TEXT NOT NULL, target_user TEXT,
            target_device TEXT, reason TEXT, outcome TEXT NOT NULL, detail TEXT, request_id TEXT,
            client_ip TEXT);
        CREATE INDEX audit_by_agent ON audit (agent, id);
        CREATE INDEX audit_by_user ON audit (target_user, id);
        CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        INSERT INTO audit (occurred_at, agent, auth_method, action, outcome)
            VALUES (1, 'ann', 'password', 'login', 'succeeded');
        INSERT INTO secrets VALUES ('cookie_key', x'0102');
        PRAGMA user_version = 1;";

    #[tokio::test]
    async fn a_database_of_the_first_release_is_brought_up_to_date_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cs.db");
        let mut old =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .unwrap();
        sqlx::raw_sql(FIRST_RELEASE)
            .execute(&mut old)
            .await
            .unwrap();
        old.close().await.unwrap();

        let location = DatabaseLocation::from(path.clone());
        let db = Database::open(&location, PoolLimits::default())
            .await
            .unwrap();
        let (agent, application): (String, Option<String>) =
            sqlx::query_as("SELECT agent, target_application FROM audit")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!((agent.as_str(), application), ("ann", None));
        let (applied, latest) = db.schema_version().await.unwrap();
        assert_eq!(applied, latest);
        db.close().await;

        // And opening it again changes nothing.
        let again = Database::open(&location, PoolLimits::default())
            .await
            .unwrap();
        let (records,): (i64,) = sqlx::query_as("SELECT count(*) FROM audit")
            .fetch_one(again.pool())
            .await
            .unwrap();
        assert_eq!(records, 1);
    }
}
