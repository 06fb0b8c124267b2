//! The checked-in OpenAPI document matches the code, and Swagger UI is served with no network.

use std::path::PathBuf;

use serde_json::Value;

use crate::helpers::spawn_app;

fn checked_in_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/customer-service.json")
}

#[test]
fn the_checked_in_openapi_document_matches_the_code() {
    let generated = cs_server::openapi::openapi_json();
    let path = checked_in_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "openapi/customer-service.json is stale: run `UPDATE_OPENAPI=1 cargo test -p cs-tests --test api openapi` \
         (or `cargo run -p customer-service -- openapi > openapi/customer-service.json`) and commit it"
    );
}

#[test]
fn every_operation_has_an_id_a_tag_and_problem_answers() {
    let spec: Value = serde_json::from_str(&cs_server::openapi::openapi_json()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (verb, operation) in item.as_object().unwrap() {
            assert!(
                operation["operationId"].is_string(),
                "{verb} {path} has no operationId"
            );
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{verb} {path} has no tag"
            );
            // The login options are static and public: that operation has no way to fail.
            if path.starts_with("/api/v1") && operation["operationId"] != "getLoginOptions" {
                let responses = operation["responses"].as_object().unwrap();
                assert!(
                    responses.iter().any(|(code, r)| code.starts_with('4')
                        && r["content"]["application/problem+json"].is_object()),
                    "{verb} {path} documents no problem+json error"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_spec_and_swagger_ui_are_served_offline() {
    let app = spawn_app().await;

    let spec: Value = app
        .get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(spec["info"]["title"], "Customer Service");
    assert!(spec["paths"]["/api/v1/users/{userId}/devices/{deviceId}"]["delete"].is_object());

    let page = app.get("/swagger-ui/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    for asset in [
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-initializer.js",
    ] {
        let response = app.get(&format!("/swagger-ui/{asset}")).await;
        assert_eq!(response.status(), 200, "{asset}");
        assert!(!response.bytes().await.unwrap().is_empty(), "{asset}");
    }
    let initializer = app
        .get("/swagger-ui/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(initializer.contains("/api-docs/openapi.json"));
    assert!(
        !initializer.contains("https://"),
        "no asset may come from the network: {initializer}"
    );
}
