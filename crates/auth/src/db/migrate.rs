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
