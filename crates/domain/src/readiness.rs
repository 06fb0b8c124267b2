//! Whether each upstream answers.

use std::future::Future;
use std::time::Instant;

use cs_api::{Readiness, ReadinessStatus, UpstreamStatus};
use cs_upstream::UpstreamError;

use crate::service::CustomerService;

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
    /// Probes both upstreams at once, uncached.
    pub async fn readiness(&self) -> Readiness {
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
