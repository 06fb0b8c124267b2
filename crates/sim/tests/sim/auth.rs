//! HTTP Basic on every vendor route, with each product's 401 shape.

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use serde_json::{Value, json};

use crate::helpers::{
    CIM_PASSWORD, CIM_USER, TS_PASSWORD, TS_USER, TestSim, spawn_sim, spawn_sim_with, test_settings,
};

/// Authorization headers that must all be refused.
fn bad_headers() -> Vec<Option<HeaderValue>> {
    vec![
        None,
        Some(HeaderValue::from_static("Basic d3Jvbmc6d3Jvbmc=")), // wrong:wrong
        Some(HeaderValue::from_static("Basic %%%not-base64%%%")),
        Some(HeaderValue::from_static("Bearer abc.def.ghi")),
        Some(HeaderValue::from_static("Basic")),
        Some(HeaderValue::from_static("Basic bm9jb2xvbg==")), // "nocolon"
        Some(HeaderValue::from_bytes(b"Basic \xff\xfe").unwrap()),
    ]
}

async fn refused(
    t: &TestSim,
    method: Method,
    path: &str,
    header: Option<HeaderValue>,
) -> (u16, Option<String>, Value) {
    let mut req = t.raw(method, path);
    if let Some(h) = header {
        req = req.header(AUTHORIZATION, h);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let challenge = res
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, challenge, res.json().await.unwrap())
}

#[tokio::test]
async fn device_api_refuses_missing_wrong_and_malformed_credentials() {
    let t = spawn_sim().await;
    let path = format!("/oauth/api/v4/users/{}/devices", t.sample(0).id);
    for header in bad_headers() {
        let (status, challenge, body) = refused(&t, Method::GET, &path, header.clone()).await;
        assert_eq!(status, 401, "{header:?}");
        assert!(challenge.unwrap().starts_with("Basic realm="));
        assert_eq!(body["code"], "unauthorized");
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn events_api_answers_401_oauth_style() {
    let t = spawn_sim().await;
    for header in bad_headers() {
        let (status, challenge, body) =
            refused(&t, Method::GET, "/oauth/api/v1/events", header).await;
        assert_eq!(status, 401);
        assert!(challenge.is_some());
        assert_eq!(body["error"], "invalid_client");
        assert!(body["error_description"].is_string());
    }
}

#[tokio::test]
async fn cim_refuses_bad_credentials_with_its_error_shape() {
    let t = spawn_sim().await;
    for path in [
        "/api/persons/x",
        "/api/persons/search?email=a",
        "/api/events?userId=x",
        "/api/config",
        "/api/config/identity-providers",
    ] {
        for header in bad_headers() {
            let (status, challenge, body) = refused(&t, Method::GET, path, header).await;
            assert_eq!(status, 401, "{path}");
            assert!(challenge.is_some());
            assert_eq!(
                body,
                json!({"error_code": 4010, "error_message": "Unauthorized"})
            );
        }
    }
}

#[tokio::test]
async fn each_product_accepts_only_its_own_credentials() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    let cim_on_ts = t
        .raw(
            Method::GET,
            &format!("/oauth/api/v4/users/{}/devices", person.id),
        )
        .basic_auth(CIM_USER, Some(CIM_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(cim_on_ts.status(), 401);

    let ts_on_cim = t
        .raw(Method::GET, &format!("/api/persons/{}", person.id))
        .basic_auth(TS_USER, Some(TS_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(ts_on_cim.status(), 401);

    let lower_scheme = t
        .raw(Method::GET, &format!("/api/persons/{}", person.id))
        .header(
            AUTHORIZATION,
            "basic cGVyc29uX2FwaV91c2VyOnBlcnNvbl9hcGlfcGFzc3dvcmQ=",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(lower_scheme.status(), 200, "the scheme is case-insensitive");
}

#[tokio::test]
async fn unauthenticated_deletes_change_nothing() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let before = t.devices(&person.id).await;
    let id = before[0]["id"].as_str().unwrap();

    let res = t
        .raw(
            Method::DELETE,
            &format!("/oauth/api/v4/users/{}/devices/{id}", person.id),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 401);
    assert_eq!(t.devices(&person.id).await, before);
}

/// A simulator whose CIM Events and Token Server events APIs have credentials of their own.
async fn spawn_sim_with_own_events_credentials() -> TestSim {
    spawn_sim_with(onegini_sim::SimSettings {
        cim_events_api_user: Some("cim_events_user".to_owned()),
        cim_events_api_password: Some("cim_events_password".to_owned()),
        token_server_events_api_user: Some("ts_events_user".to_owned()),
        token_server_events_api_password: Some("ts_events_password".to_owned()),
        ..test_settings()
    })
    .await
}

async fn status_with(t: &TestSim, path: &str, user: &str, password: &str) -> u16 {
    t.raw(Method::GET, path)
        .basic_auth(user, Some(password))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_cim_events_api_refuses_the_person_api_credentials_when_it_has_its_own() {
    let t = spawn_sim_with_own_events_credentials().await;
    let events = format!("/api/events?userId={}", t.sample(0).id);

    assert_eq!(status_with(&t, &events, CIM_USER, CIM_PASSWORD).await, 401);
    assert_eq!(
        status_with(&t, &events, "cim_events_user", "cim_events_password").await,
        200
    );
}

#[tokio::test]
async fn the_person_api_keeps_its_credentials_when_the_events_api_has_its_own() {
    let t = spawn_sim_with_own_events_credentials().await;
    let person = format!("/api/persons/{}", t.sample(0).id);

    assert_eq!(status_with(&t, &person, CIM_USER, CIM_PASSWORD).await, 200);
    assert_eq!(
        status_with(&t, &person, "cim_events_user", "cim_events_password").await,
        401
    );
}

#[tokio::test]
async fn the_token_server_events_api_takes_only_its_own_credentials_when_set() {
    let t = spawn_sim_with_own_events_credentials().await;
    let events = "/oauth/api/v1/events";
    let devices = format!("/oauth/api/v4/users/{}/devices", t.sample(0).id);

    assert_eq!(status_with(&t, events, TS_USER, TS_PASSWORD).await, 401);
    assert_eq!(
        status_with(&t, events, "ts_events_user", "ts_events_password").await,
        200
    );
    assert_eq!(status_with(&t, &devices, TS_USER, TS_PASSWORD).await, 200);
    assert_eq!(
        status_with(&t, &devices, "ts_events_user", "ts_events_password").await,
        401
    );
}

#[tokio::test]
async fn every_api_can_have_credentials_of_its_own() {
    let own = |name: &str| Some(format!("{name}_own"));
    let t = spawn_sim_with(onegini_sim::SimSettings {
        cim_person_api_user: own("person"),
        cim_person_api_password: own("person_pw"),
        cim_config_api_user: own("config"),
        cim_config_api_password: own("config_pw"),
        token_server_end_user_api_user: own("devices"),
        token_server_end_user_api_password: own("devices_pw"),
        ..test_settings()
    })
    .await;
    let id = t.sample(0).id;
    for (path, user) in [
        (format!("/api/persons/{id}"), "person"),
        ("/api/config".to_owned(), "config"),
        (format!("/oauth/api/v4/users/{id}/devices"), "devices"),
    ] {
        let (user, password) = (format!("{user}_own"), format!("{user}_pw_own"));
        assert_eq!(
            status_with(&t, &path, &user, &password).await,
            200,
            "{path}"
        );
        let product = if path.starts_with("/oauth") {
            (TS_USER, TS_PASSWORD)
        } else {
            (CIM_USER, CIM_PASSWORD)
        };
        assert_eq!(
            status_with(&t, &path, product.0, product.1).await,
            401,
            "{path}"
        );
    }
}
