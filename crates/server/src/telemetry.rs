//! Installing the tracing subscriber.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber: pretty for a terminal or JSON lines for collectors, filtered by
/// `settings.filter` (or `RUST_LOG` when set). Spans are reported when they close, so each request
/// and upstream call is one line with its duration. Safe to call more than once: later calls do
/// nothing.
pub fn init(settings: &LogSettings) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|value| EnvFilter::try_new(value).ok())
        .or_else(|| EnvFilter::try_new(&settings.filter).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        // Colours only for a person at a terminal: escape codes in a log file are noise.
        LogFormat::Pretty => builder
            .with_ansi(std::io::stderr().is_terminal())
            .with_span_events(FmtSpan::NONE)
            .compact()
            .try_init(),
    };
}
