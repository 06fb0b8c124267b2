//! What the clients write to the log: one span per call with the route template, and no e-mail
//! address, credential or body, even at TRACE level.

use std::io;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{PASSWORD, USERNAME, cim};

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_failed_search_is_logged_with_its_template_but_without_the_email_or_credentials() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(path("/api/persons/search"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error_code": 4001,
            "error_message": "no person with e-mail secret.person@example.org"
        })))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    // With a single registered dispatcher tracing caches callsite interest from whichever thread
    // asks, and the other test threads have no subscriber; a second one forces per-call checks.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);

    // Act
    let error = cim(&server)
        .search_by_email("secret.person@example.org", 5)
        .await
        .unwrap_err();

    // Assert
    assert_eq!(error.kind(), "bad_request");
    let log = captured.text();
    assert!(log.contains("upstream call failed"), "{log}");
    assert!(log.contains("upstream=cim_persons"), "{log}");
    assert!(log.contains("http.path=\"/api/persons/search\""), "{log}");
    assert!(log.contains("http.status=400"), "{log}");
    assert!(log.contains("duration_ms="), "{log}");
    for secret in [
        "secret.person",
        "example.org",
        PASSWORD,
        USERNAME,
        "max_results",
    ] {
        assert!(!log.contains(secret), "{secret} leaked into: {log}");
    }
}
