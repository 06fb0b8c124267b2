//! The yardstick: a bare actix-web endpoint answering a fixed small JSON, with no auth, no
//! domain, no cache. Customer Service's cached reads are compared against it.

use actix_web::{App, HttpResponse, HttpServer, web};

/// A device list of the size the cached-read scenario returns.
const BODY: &str = r#"{"devices":[{"id":"5b0d7a0d3f2c4e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f","name":"Joe's phone","application":"Example Bank app","platform":"ios","osVersion":"17.4","model":"iPhone XR","createdAt":"2026-03-02T08:15:00Z","lastUsedAt":"2026-11-25T17:42:10Z","tokenTypes":["DEFAULT","FINGER_PRINT"],"mobileAuthentication":"activated_with_push"}]}"#;

/// Starts the endpoint on a free loopback port; returns its URL and a stop handle.
pub fn start(workers: usize) -> Result<(String, actix_web::dev::ServerHandle), String> {
    let server = HttpServer::new(|| {
        App::new().route(
            "/devices",
            web::get().to(|| async {
                HttpResponse::Ok()
                    .content_type("application/json")
                    .body(BODY)
            }),
        )
    })
    .workers(workers)
    .bind("127.0.0.1:0")
    .map_err(|e| e.to_string())?;
    let port = server
        .addrs()
        .first()
        .map(|a| a.port())
        .ok_or("the bare endpoint has no address")?;
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    Ok((format!("http://127.0.0.1:{port}/devices"), handle))
}
