//! The database behind sessions, login limits, secrets and the audit trail: an embedded SQLite
//! file for one node (the default), or PostgreSQL shared by any number of replicas. Both are
//! reached through sqlx's `Any` driver with the same statements (`$1` parameters work on both);
//! where the engines differ, [`Database::engine`] tells.

mod changes;
pub mod copy;
mod location;
mod migrate;

use std::future::Future;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions as _, Executor as _};

pub use changes::{Change, ChangeFeed};
pub use location::DatabaseLocation;

/// Which engine a [`Database`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One embedded file, one connection: one node.
    Sqlite,
    /// A server shared by replicas.
    Postgres,
}

/// How many connections, and how long anything may wait.
#[derive(Debug, Clone, Copy)]
pub struct PoolLimits {
    /// Connections to PostgreSQL at most (SQLite always uses one).
    pub max_connections: u32,
    /// How long a request waits for a free connection.
    pub acquire_timeout: Duration,
    /// How long one statement (or one store operation) may take.
    pub query_timeout: Duration,
}

impl Default for PoolLimits {
    fn default() -> Self {
        PoolLimits {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(2),
            query_timeout: Duration::from_secs(3),
        }
    }
}

/// Why the database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The engine refused, or could not be reached.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The operation did not finish within `auth.database_timeout_ms`.
    #[error("the database did not answer in time")]
    Timeout,
    /// Stored data is not in the expected form.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// A handle to the database; clones share the pool.
#[derive(Clone)]
pub struct Database {
    pool: AnyPool,
    engine: Engine,
    query_timeout: Duration,
    location: DatabaseLocation,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Database({})", self.location)
    }
}

impl Database {
    /// Connects and brings the schema up to date.
    pub async fn open(location: &DatabaseLocation, limits: PoolLimits) -> Result<Self, StoreError> {
        let database = Self::connect(location, limits).await?;
        database
            .bounded_for(
                limits.query_timeout * 10,
                migrate::run(&database.pool, database.engine),
            )
            .await?;
        Ok(database)
    }

    /// Connects without touching the schema (`customer-service migrate` and checks).
    pub async fn connect(
        location: &DatabaseLocation,
        limits: PoolLimits,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let engine = match location {
            DatabaseLocation::Sqlite(_) => Engine::Sqlite,
            DatabaseLocation::Postgres(_) => Engine::Postgres,
        };
        let options = AnyConnectOptions::from_url(
            &location
                .url()
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("database location: {e}")))?,
        )?
        // Statements are ours and fixed; logging them only adds noise (never values).
        .disable_statement_logging();
        let statement_ms = limits.query_timeout.as_millis();
        let pool = AnyPoolOptions::new()
            .acquire_timeout(limits.acquire_timeout)
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    match engine {
                        // One writer at a time anyway; WAL lets readers of other processes (a
                        // backup, `audit verify`) proceed, NORMAL sync survives process crashes.
                        Engine::Sqlite => {
                            connection
                                .execute(
                                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                     PRAGMA busy_timeout = 5000;",
                                )
                                .await?;
                        }
                        // The server stops a statement that runs too long, even if we are gone.
                        Engine::Postgres => {
                            connection
                                .execute(&*format!("SET statement_timeout = {statement_ms}"))
                                .await?;
                        }
                    }
                    Ok(())
                })
            });
        let pool = match engine {
            // One connection: SQLite serialises writers anyway, and an in-memory database lives
            // exactly as long as its connection.
            Engine::Sqlite => pool
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            Engine::Postgres => pool.max_connections(limits.max_connections.max(1)),
        };
        let pool = tokio::time::timeout(limits.acquire_timeout * 5, pool.connect_with(options))
            .await
            .map_err(|_| StoreError::Timeout)??;
        Ok(Database {
            pool,
            engine,
            query_timeout: limits.query_timeout,
            location: location.clone(),
        })
    }

    /// A private in-memory SQLite database (tests).
    pub async fn open_in_memory() -> Result<Self, StoreError> {
        Self::open(&DatabaseLocation::from(":memory:"), PoolLimits::default()).await
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Where it is (without a password).
    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    /// The connection pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs `work`, giving up after the query timeout: a database that stops answering (a cut
    /// network) must not hold a request past its deadline.
    pub async fn bounded<T, E>(
        &self,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, StoreError>
    where
        StoreError: From<E>,
    {
        self.bounded_for(self.query_timeout, work).await
    }

    async fn bounded_for<T, E>(
        &self,
        limit: Duration,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, StoreError>
    where
        StoreError: From<E>,
    {
        match tokio::time::timeout(limit, work).await {
            Ok(result) => result.map_err(StoreError::from),
            Err(_) => Err(StoreError::Timeout),
        }
    }

    /// Answers when the database does: readiness.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.bounded(sqlx::query("SELECT 1").execute(&self.pool))
            .await?;
        Ok(())
    }

    /// The schema version applied, and the newest this program knows.
    pub async fn schema_version(&self) -> Result<(i64, i64), StoreError> {
        let (applied,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok((applied, migrate::latest(self.engine)))
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Tests: the same store test on both engines.
#[cfg(test)]
pub(crate) mod testing {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::{Database, DatabaseLocation, PoolLimits};

    /// A database, and what keeps it alive.
    pub(crate) struct TestEngine {
        /// The database.
        pub(crate) db: Database,
        _server: Option<cs_testdb::TestDatabase>,
    }

    /// An in-memory SQLite database and a fresh PostgreSQL one.
    pub(crate) async fn both() -> Vec<TestEngine> {
        let sqlite = Database::open_in_memory().await.unwrap();
        let server = cs_testdb::TestDatabase::create().await;
        let location = DatabaseLocation::try_from(server.url().to_owned()).unwrap();
        let postgres = Database::open(&location, PoolLimits::default())
            .await
            .expect("migrate a fresh PostgreSQL database");
        vec![
            TestEngine {
                db: sqlite,
                _server: None,
            },
            TestEngine {
                db: postgres,
                _server: Some(server),
            },
        ]
    }
}
