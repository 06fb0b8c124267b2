//! Whether each upstream answers: probed by one request at a time, and the answer kept for a
//! few seconds, so anonymous readiness checks cost the upstreams (nearly) nothing however many
//! arrive. The probes run on their own budget of calls, never taking agents' places.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cs_api::{Readiness, ReadinessStatus, UpstreamStatus};
use cs_upstream::UpstreamError;
use tokio::sync::Mutex;

use crate::service::CustomerService;

/// The last readiness answer and when it was made.
#[derive(Clone)]
pub(crate) struct ReadinessCache {
    ttl: Duration,
    last: Arc<Mutex<Option<(Instant, Readiness)>>>,
}

impl ReadinessCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        ReadinessCache {
            ttl,
            last: Arc::default(),
        }
    }
}

async fn probe(
    name: &str,
    call: impl Future<Output = Result<(), UpstreamError>>,
) -> UpstreamStatus {
    let started = Instant::now();
    let result = call.await;
    UpstreamStatus {
        name: name.to_owned(),
        reachable: result.is_ok(),
        latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        // Upstream error texts name the API and path, never credentials or queries.
        detail: result.err().map(|error| error.to_string()),
    }
}

impl CustomerService {
    /// Whether both upstreams answer, at most `cache.readiness_ttl_secs` old. Concurrent
    /// callers wait for one probe instead of each making their own.
    pub async fn readiness(&self) -> Readiness {
        let mut last = self.readiness.last.lock().await;
        if let Some((at, readiness)) = last.as_ref() {
            if at.elapsed() < self.readiness.ttl {
                return readiness.clone();
            }
        }
        let fresh = self.probe().await;
        *last = Some((Instant::now(), fresh.clone()));
        fresh
    }

    /// Probes both upstreams at once.
    async fn probe(&self) -> Readiness {
        let (cim, token_server) = tokio::join!(
            probe("cim", self.cim.probe()),
            probe("token_server", self.token_server.probe()),
        );
        let ready = cim.reachable && token_server.reachable;
        Readiness {
            status: if ready {
                ReadinessStatus::Ready
            } else {
                ReadinessStatus::Degraded
            },
            upstreams: vec![cim, token_server],
        }
    }
}
