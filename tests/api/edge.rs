//! Answers at the edge: unknown routes, wrong methods, bad query strings, request ids.

use crate::fixtures::PERSON_ID;
use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = spawn_app().await;

    let body = problem(app.get("/api/v1/nothing/here").await, 404).await;

    assert_eq!(body["type"], "/problems/not-found");
    assert_eq!(body["instance"], "/api/v1/nothing/here");
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url(&format!("/api/v1/users/{PERSON_ID}/devices")))
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["allow"], "GET");
    let body = problem(response, 405).await;
    assert_eq!(body["type"], "/problems/method-not-allowed");
}

#[tokio::test]
async fn a_malformed_query_string_is_a_400_problem() {
    let app = spawn_app().await;

    let body = problem(
        app.get(&format!("/api/v1/users/{PERSON_ID}/events?limit=%ZZ"))
            .await,
        400,
    )
    .await;

    assert!(body["detail"].as_str().unwrap().contains("query"));
}

#[tokio::test]
async fn a_request_id_is_echoed_or_generated() {
    let app = spawn_app().await;

    let given = app
        .client
        .get(app.url("/api/v1/nothing"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "abc-123");
    let body = problem(given, 404).await;
    assert_eq!(body["requestId"], "abc-123");

    for forged in [
        "evil\" injected=1",
        "10.0.0.1:req.7",
        &"x".repeat(65),
        "-leading",
    ] {
        let answer = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", forged)
            .send()
            .await
            .unwrap();
        let generated = answer.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(generated, forged);
        assert_eq!(generated.len(), 36, "a fresh UUID replaces {forged:?}");
    }
}

#[tokio::test]
async fn security_headers_are_on_every_answer() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
}
