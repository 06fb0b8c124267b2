//! Telling every replica what changed, so that caches never hide a change made elsewhere: on
//! PostgreSQL through `LISTEN`/`NOTIFY` (every replica, the sender too, hears each change); on
//! SQLite, one node, within the process.

use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

use super::{Database, DatabaseLocation, Engine, StoreError};

/// The channel all replicas listen on.
const CHANNEL: &str = "customer_service_changes";
/// Changes a slow subscriber may fall behind by before it must drop everything it caches.
const BACKLOG: usize = 1024;

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A session ended (its key hash).
    SessionEnded(String),
    /// Something of this end user changed upstream through us (a device deleted, ...).
    UserChanged(String),
    /// Changes may have been missed (the listener reconnected, or fell behind): forget
    /// everything cached.
    Unknown,
}

impl Change {
    fn payload(&self) -> String {
        match self {
            Change::SessionEnded(hash) => format!("s:{hash}"),
            Change::UserChanged(user) => format!("u:{user}"),
            Change::Unknown => "*".to_owned(),
        }
    }

    fn parse(payload: &str) -> Change {
        match payload.split_once(':') {
            Some(("s", hash)) => Change::SessionEnded(hash.to_owned()),
            Some(("u", user)) => Change::UserChanged(user.to_owned()),
            _ => Change::Unknown,
        }
    }
}

/// Publishes changes and hands them to subscribers; clones share the channel.
#[derive(Clone, Debug)]
pub struct ChangeFeed {
    db: Database,
    local: broadcast::Sender<Change>,
}

impl ChangeFeed {
    /// A feed over `db`. On PostgreSQL, start [`ChangeFeed::listen`] to hear other replicas.
    pub fn new(db: Database) -> Self {
        let (local, _) = broadcast::channel(BACKLOG);
        ChangeFeed { db, local }
    }

    /// Tells every replica (this one at once).
    pub async fn publish(&self, change: Change) -> Result<(), StoreError> {
        // This replica's caches must not wait for the round trip.
        let _ = self.local.send(change.clone());
        if self.db.engine() == Engine::Postgres {
            // pg_notify returns void, which the Any driver cannot decode: count it instead.
            self.db
                .bounded(
                    sqlx::query("SELECT count(*) FROM (SELECT pg_notify($1, $2)) AS sent")
                        .bind(CHANNEL)
                        .bind(change.payload())
                        .execute(self.db.pool()),
                )
                .await?;
        }
        Ok(())
    }

    /// Changes from now on. A receiver that lags behind gets `Lagged`: treat it as
    /// [`Change::Unknown`].
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.local.subscribe()
    }

    /// Hears the other replicas until the process ends: a task on PostgreSQL, nothing on SQLite.
    /// A lost connection is retried every second; after a reconnect subscribers get
    /// [`Change::Unknown`], because notifications sent meanwhile are lost.
    pub fn listen(&self) -> Option<tokio::task::JoinHandle<()>> {
        let DatabaseLocation::Postgres(_) = self.db.location() else {
            return None;
        };
        let url = self.db.location().url();
        let local = self.local.clone();
        Some(tokio::spawn(async move {
            let mut connected_before = false;
            loop {
                match PgListener::connect(&url).await {
                    Ok(mut listener) => {
                        if listener.listen(CHANNEL).await.is_ok() {
                            if connected_before {
                                tracing::info!("change listener reconnected; caches dropped");
                                let _ = local.send(Change::Unknown);
                            }
                            connected_before = true;
                            // `try_recv` answers None when the connection is lost.
                            while let Ok(Some(notification)) = listener.try_recv().await {
                                let _ = local.send(Change::parse(notification.payload()));
                            }
                            let _ = local.send(Change::Unknown);
                            tracing::warn!("change listener lost its connection");
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "change listener cannot connect");
                    }
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }))
    }
}

impl cs_domain::ChangeNotice for ChangeFeed {
    fn user_changed<'a>(&'a self, user_id: &'a str) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async move {
            // The change is made; a replica that misses the notice serves its cache until the
            // entry's lifetime ends, which is what it did before replicas existed.
            if let Err(error) = self.publish(Change::UserChanged(user_id.to_owned())).await {
                tracing::warn!(%error, "a change could not be announced to other replicas");
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back_as_the_change_they_carry() {
        for change in [
            Change::SessionEnded("abc".into()),
            Change::UserChanged("user:with:colons".into()),
            Change::Unknown,
        ] {
            assert_eq!(Change::parse(&change.payload()), change);
        }
        assert_eq!(Change::parse("garbage"), Change::Unknown);
    }
}
