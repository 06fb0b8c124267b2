//! The Prometheus registry behind `/metrics`, and the request metrics.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use actix_web::http::StatusCode;
use metrics::{Counter, Histogram, SharedString};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Latency buckets in seconds: fine below 100 ms where the service should live, coarse above.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide registry, installed as the `metrics` recorder on first use. One per process:
/// tests that start several servers share it.
pub(crate) fn prometheus() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        // Only fails for an empty bucket list, which LATENCY_BUCKETS is not.
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        handle
    })
}

/// Drains histogram samples into their buckets now and then, so memory stays flat when nobody
/// scrapes `/metrics`.
pub(crate) fn spawn_upkeep() {
    let handle = prometheus().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            handle.run_upkeep();
        }
    });
}

/// The most label combinations of the request metrics whose handles a worker thread keeps.
const MOST_SERIES: usize = 256;

/// The handles of one label combination of the request metrics.
struct RequestSeries {
    route: Option<Arc<str>>,
    method: &'static str,
    status: u16,
    count: Counter,
    duration: Histogram,
}

thread_local! {
    /// Looking a series up in the registry hashes its labels and takes a lock; each worker keeps
    /// the handles it has used instead (a few dozen at most: routes × methods × statuses seen).
    static SERIES: RefCell<Vec<RequestSeries>> = const { RefCell::new(Vec::new()) };
}

/// Counts one answered request in `http_requests_total` and
/// `http_request_duration_seconds`, labelled by method, route template (`None`: a path that
/// matches no route) and status.
pub(crate) fn record_request(
    route: Option<&Arc<str>>,
    method: &'static str,
    status: StatusCode,
    elapsed: Duration,
) {
    let status = status.as_u16();
    let seconds = elapsed.as_secs_f64();
    SERIES.with_borrow_mut(|series| {
        let known = series.iter().find(|s| {
            s.status == status && s.method == method && s.route.as_deref() == route.map(|r| &**r)
        });
        if let Some(known) = known {
            known.count.increment(1);
            known.duration.record(seconds);
            return;
        }
        let label: SharedString = route.map_or(SharedString::const_str("unmatched"), |r| {
            SharedString::from(Arc::clone(r))
        });
        let status_label = status.to_string();
        let count = metrics::counter!("http_requests_total", "method" => method, "route" => label.clone(), "status" => status_label.clone());
        let duration = metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => label, "status" => status_label);
        count.increment(1);
        duration.record(seconds);
        if series.len() < MOST_SERIES {
            series.push(RequestSeries {
                route: route.cloned(),
                method,
                status,
                count,
                duration,
            });
        }
    });
}
