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

/// Probes one API: `required` ones make the service not ready when they fail.
async fn probe(
    name: &str,
    required: bool,
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
        required,
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

    /// Probes every API at once: the two no request works without (CIM persons, Token Server
    /// devices) decide readiness; the optional ones only make it degraded.
    async fn probe(&self) -> Readiness {
        let (persons, devices, cim_events, configuration, ts_events) = tokio::join!(
            probe("cim_persons", true, self.cim.probe_persons()),
            probe(
                "token_server_devices",
                true,
                self.token_server.probe_devices()
            ),
            probe("cim_events", false, self.cim.probe_events()),
            probe("cim_configuration", false, self.cim.probe_configuration()),
            probe(
                "token_server_events",
                false,
                self.token_server.probe_events()
            ),
        );
        let upstreams = vec![persons, devices, cim_events, configuration, ts_events];
        let status = if upstreams.iter().any(|u| u.required && !u.reachable) {
            ReadinessStatus::NotReady
        } else if upstreams.iter().any(|u| !u.reachable) {
            ReadinessStatus::Degraded
        } else {
            ReadinessStatus::Ready
        };
        Readiness { status, upstreams }
    }
}
