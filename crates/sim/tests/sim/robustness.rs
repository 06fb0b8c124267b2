//! No panic and no hang on any request; every error body is JSON.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::spawn_sim;

#[tokio::test]
async fn unknown_paths_are_404_with_a_json_body() {
    let t = spawn_sim().await;
    let cases = [
        ("/", "error"),
        ("/nothing/here", "error"),
        ("/oauth/api/v5/users/x/devices", "code"),
        ("/api/persons", "error_code"),
        ("/api/persons/a/b", "error_code"),
        ("/%FF%FE/..%2F..%2Fetc/passwd", "error"),
        ("/_sim/nope", "error"),
    ];
    for (path, key) in cases {
        let res = t.raw(Method::GET, path).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        let body: Value = res.json().await.unwrap();
        assert!(body.get(key).is_some(), "{path}: {body}");
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_a_json_body() {
    let t = spawn_sim().await;
    let cases = [
        (Method::PUT, "/oauth/api/v4/users/x/devices"),
        (Method::GET, "/oauth/api/v4/users/x/devices/y"),
        (
            Method::GET,
            "/oauth/api/v4/users/x/devices/y/disableFingerprint",
        ),
        (Method::DELETE, "/oauth/api/v1/events"),
        (Method::POST, "/api/persons/x"),
        (Method::PATCH, "/_sim/faults"),
        (Method::from_bytes(b"BREW").unwrap(), "/api/config"),
    ];
    for (method, path) in cases {
        let res = t.raw(method.clone(), path).send().await.unwrap();
        assert_eq!(res.status(), 405, "{method} {path}");
        assert!(res.headers().contains_key("allow"));
        let _: Value = res.json().await.unwrap();
    }
}

#[tokio::test]
async fn huge_query_strings_get_a_client_error_and_the_server_lives_on() {
    let t = spawn_sim().await;

    let long = "a".repeat(20_000);
    let res = t
        .cim(&format!("/api/persons/search?email={long}"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_client_error());

    let huge = "b".repeat(200_000);
    match t
        .ts(Method::GET, &format!("/api/v1/events?user_id={huge}"))
        .send()
        .await
    {
        Ok(res) => assert!(res.status().is_client_error(), "{}", res.status()),
        // The server may also close the connection on a head this large.
        Err(e) => assert!(!e.is_timeout(), "{e}"),
    }
    let many = (0..2000)
        .map(|i| format!("event_type=T{i}"))
        .collect::<Vec<_>>()
        .join("&");
    let res = t
        .ts(Method::GET, &format!("/api/v1/events?{many}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = t.cim("/api/config").send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn oversized_and_odd_request_bodies_are_refused_cleanly() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let path = format!("/api/v4/users/{}/devices", person.id);

    let big = format!("{{\"delete\":[\"{}\"]}}", "x".repeat(100 * 1024));
    let res = t
        .ts(Method::POST, &path)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert!(body["code"].is_string());

    let res = t
        .ts(Method::POST, &path)
        .header("content-type", "text/plain")
        .body(vec![0xff, 0x00, 0xfe])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let _: Value = res.json().await.unwrap();
    assert_eq!(t.devices(&person.id).await.len(), person.devices);
}

#[tokio::test]
async fn odd_ids_in_paths_are_just_unknown() {
    let t = spawn_sim().await;
    for user in ["%F0%9F%9A%80", "a%2Fb", "%00", "..", "x%20y"] {
        let res = t
            .ts(Method::GET, &format!("/api/v4/users/{user}/devices"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{user}");
        let _: Value = res.json().await.unwrap();
        let res = t
            .ts(
                Method::DELETE,
                &format!("/api/v4/users/{user}/devices/{user}"),
            )
            .send()
            .await
            .unwrap();
        assert!(
            res.status() == 204 || res.status() == 404,
            "{user}: {}",
            res.status()
        );
    }
}
