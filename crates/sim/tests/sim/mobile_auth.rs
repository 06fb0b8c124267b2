//! Token Server Mobile Authentication API v4 (ONEGINI-APIS.md §7): which devices can be asked,
//! starting a request, and its credentials. The `enabled` shape is [DOC]; the answer of
//! starting one [INFERRED].

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{MOBILE_AUTH_PASSWORD, MOBILE_AUTH_USER, TS_PASSWORD, TS_USER, spawn_sim};

/// The `enabled` list a user's (or one device's) push-enrolled devices should give.
fn push_auth(devices: &[&onegini_sim::Device]) -> Value {
    let apps: Vec<Value> = devices
        .iter()
        .map(|d| {
            json!({
                "app_name": d.application,
                "device_id": d.id,
                "device_name": d.name,
                "platform": d.platform,
            })
        })
        .collect();
    json!({"enabled": [{
        "type": "PUSH_AUTH",
        "method": "PUSH",
        "sms_fallback_allowed": false,
        "apps_enrolled_for_push": apps,
    }]})
}

/// The answer without the `app_id`s, which the test checks on their own.
fn without_app_ids(mut body: Value) -> Value {
    for entry in body["enabled"].as_array_mut().unwrap() {
        for app in entry["apps_enrolled_for_push"].as_array_mut().unwrap() {
            let id = app.as_object_mut().unwrap().remove("app_id").unwrap();
            assert!(
                id.as_str()
                    .is_some_and(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())),
                "app_id is the application's OAuth client id: {id}"
            );
        }
    }
    body
}

async fn get(t: &crate::helpers::TestSim, path: &str) -> (u16, Value) {
    let res = t.mobile_auth(Method::GET, path).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn enabled_lists_the_users_devices_with_push_and_only_those() {
    let t = spawn_sim().await;
    let state = t.sim.state();
    let person = state
        .sample_persons(usize::MAX)
        .into_iter()
        .find(|p| {
            let devices = state.devices_of(&p.id);
            devices.iter().any(|d| d.push_authentication_enabled)
                && devices.iter().any(|d| !d.push_authentication_enabled)
        })
        .unwrap();
    let devices = state.devices_of(&person.id);
    let with_push: Vec<_> = devices
        .iter()
        .filter(|d| d.push_authentication_enabled)
        .collect();

    let (status, body) = get(
        &t,
        &format!("/api/v4/authenticate/user/{}/enabled", person.id),
    )
    .await;

    assert_eq!(status, 200);
    assert_eq!(without_app_ids(body), push_auth(&with_push));
}

#[tokio::test]
async fn enabled_is_an_empty_list_for_a_user_without_push() {
    let t = spawn_sim().await;
    let state = t.sim.state();
    let without_push = state
        .persons(usize::MAX)
        .into_iter()
        .filter(|p| {
            state
                .devices_of(&p.id)
                .iter()
                .all(|d| !d.push_authentication_enabled)
        })
        .map(|p| p.id)
        .take(5)
        .collect::<Vec<_>>();
    assert!(!without_push.is_empty());

    for user in without_push {
        let (status, body) = get(&t, &format!("/api/v4/authenticate/user/{user}/enabled")).await;
        assert_eq!((status, body), (200, json!({"enabled": []})), "{user}");
    }
}

#[tokio::test]
async fn enabled_of_an_unknown_user_is_404_not_found() {
    let t = spawn_sim().await;

    let (status, body) = get(&t, "/api/v4/authenticate/user/no-such-user/enabled").await;

    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn device_enabled_answers_for_that_device_alone() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let (other, without_push) = t.device_without_push();
    let path = |user: &str, device: &str| {
        format!("/api/v4/authenticate/user/{user}/device/{device}/enabled")
    };

    let (status, body) = get(&t, &path(&person.id, &device.id)).await;
    assert_eq!(status, 200);
    assert_eq!(without_app_ids(body), push_auth(&[&device]));

    let (status, body) = get(&t, &path(&other.id, &without_push.id)).await;
    assert_eq!((status, body), (200, json!({"enabled": []})));

    for (user, device) in [
        (person.id.as_str(), "no-such-device"),
        ("no-such-user", device.id.as_str()),
        // A device of someone else is unknown to this user.
        (other.id.as_str(), device.id.as_str()),
    ] {
        let (status, body) = get(&t, &path(user, device)).await;
        assert_eq!(status, 404, "{user} {device}");
        assert_eq!(body["code"], "not_found");
    }
}

#[tokio::test]
async fn starting_a_push_answers_a_uuid_transaction_id_and_the_validity() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();

    let (status, body) = t
        .start_push(&[
            ("type", "PUSH_AUTH"),
            ("user_id", &person.id),
            ("device_id", &device.id),
            ("message", "Is it you calling the helpdesk?"),
        ])
        .await;

    assert_eq!(status, 200);
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["expires_in", "transaction_id"]);
    assert_eq!(body["expires_in"], 120);
    let id = body["transaction_id"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(id.as_bytes()[14], b'4', "a UUID v4: {id}");
    assert_eq!(id.matches('-').count(), 4);
}

#[tokio::test]
async fn starting_a_push_takes_the_validity_from_the_settings() {
    let t = crate::helpers::spawn_sim_with(onegini_sim::SimSettings {
        push_validity_seconds: 30,
        ..crate::helpers::test_settings()
    })
    .await;
    let (person, device) = t.push_device();

    let (status, body) = t
        .start_push(&[
            ("type", "PUSH_AUTH"),
            ("user_id", &person.id),
            ("device_id", &device.id),
            ("message", "m"),
            ("callback_uri", "https://cs.example/callback"),
        ])
        .await;

    assert_eq!((status, &body["expires_in"]), (200, &json!(30)));
}

#[tokio::test]
async fn a_start_with_a_missing_or_bad_field_is_400_invalid_request_and_sends_nothing() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let long = "x".repeat(1001);
    let good = [
        ("type", "PUSH_AUTH"),
        ("user_id", person.id.as_str()),
        ("device_id", device.id.as_str()),
        ("message", "m"),
    ];
    let mut forms: Vec<Vec<(&str, &str)>> = Vec::new();
    for i in 0..good.len() {
        let mut missing = good.to_vec();
        missing.remove(i);
        forms.push(missing);
        let mut blank = good.to_vec();
        blank[i].1 = "  ";
        forms.push(blank);
    }
    let with = |key: &'static str, value: &'static str| {
        let mut form = good.to_vec();
        form.retain(|(k, _)| *k != key);
        form.push((key, value));
        form
    };
    forms.push(with("type", "OTP"));
    forms.push(with("type", "push_auth"));
    forms.push(with("callback_uri", "not a url"));
    let mut too_long = good.to_vec();
    too_long[3].1 = &long;
    forms.push(too_long);

    for form in forms {
        let (status, body) = t.start_push(&form).await;
        assert_eq!(status, 400, "{form:?}");
        assert_eq!(body["code"], "invalid_request", "{form:?}");
        assert!(body["message"].is_string());
    }

    let pending: Value = t
        .raw(Method::GET, "/_sim/push")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pending, json!([]));
}

#[tokio::test]
async fn a_start_for_an_unknown_user_or_device_is_404_and_one_without_push_is_400() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let (other, without_push) = t.device_without_push();
    let start = |user: String, device: String| {
        let t = &t;
        async move {
            t.start_push(&[
                ("type", "PUSH_AUTH"),
                ("user_id", &user),
                ("device_id", &device),
                ("message", "m"),
            ])
            .await
        }
    };

    for (user, device) in [
        ("no-such-user".to_owned(), device.id.clone()),
        (person.id.clone(), "no-such-device".to_owned()),
    ] {
        let (status, body) = start(user, device).await;
        assert_eq!((status, &body["code"]), (404, &json!("not_found")));
    }

    let (status, body) = start(other.id, without_push.id).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "mobile_authentication_not_enabled");
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn every_route_takes_only_the_mobile_authentication_credentials() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let transaction = t.push(&person.id, &device.id, "m").await;
    let routes = [
        (
            Method::GET,
            format!("/oauth/api/v4/authenticate/user/{}/enabled", person.id),
        ),
        (
            Method::GET,
            format!(
                "/oauth/api/v4/authenticate/user/{}/device/{}/enabled",
                person.id, device.id
            ),
        ),
        (Method::POST, "/oauth/api/v4/authenticate/user".to_owned()),
        (
            Method::GET,
            format!("/oauth/api/v4/authenticate/transaction/{transaction}"),
        ),
    ];

    for (method, path) in &routes {
        for credentials in [
            None,
            Some(("wrong", "wrong")),
            Some((MOBILE_AUTH_USER, "wrong")),
            // The end-user API's client is not granted mobile authentication.
            Some((TS_USER, TS_PASSWORD)),
        ] {
            let mut req = t.raw(method.clone(), path);
            if let Some((user, password)) = credentials {
                req = req.basic_auth(user, Some(password));
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 401, "{method} {path} {credentials:?}");
            assert!(res.headers().contains_key("www-authenticate"));
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["code"], "unauthorized");
        }
    }

    // Nor does the mobile authentication client get at the devices.
    let devices = t
        .raw(
            Method::GET,
            &format!("/oauth/api/v4/users/{}/devices", person.id),
        )
        .basic_auth(MOBILE_AUTH_USER, Some(MOBILE_AUTH_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(devices.status(), 401);
}

#[tokio::test]
async fn credentials_of_its_own_are_form_decoded_like_every_token_server_pair() {
    let t = crate::helpers::spawn_sim_with(onegini_sim::SimSettings {
        token_server_mobile_auth_api_user: "verify device".to_owned(),
        token_server_mobile_auth_api_password: "s:c r%t+".to_owned(),
        ..crate::helpers::test_settings()
    })
    .await;
    let path = format!("/oauth/api/v4/authenticate/user/{}/enabled", t.sample(0).id);

    let encoded = t
        .raw(Method::GET, &path)
        .basic_auth("verify+device", Some("s%3Ac+r%25t%2B"))
        .send()
        .await
        .unwrap();
    assert_eq!(encoded.status(), 200);

    let defaults = t
        .raw(Method::GET, &path)
        .basic_auth(MOBILE_AUTH_USER, Some(MOBILE_AUTH_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(defaults.status(), 401);
}

#[tokio::test]
async fn fault_rules_and_counters_name_the_mobile_authentication_routes() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    t.set_faults(json!([{ "route": "ts.mobile_auth.start", "error_status": 503 }]))
        .await;

    let (status, body) = t
        .start_push(&[
            ("type", "PUSH_AUTH"),
            ("user_id", &person.id),
            ("device_id", &device.id),
            ("message", "m"),
        ])
        .await;
    assert_eq!(
        (status, &body["code"]),
        (503, &json!("service_unavailable"))
    );
    let (status, _) = get(
        &t,
        &format!("/api/v4/authenticate/user/{}/enabled", person.id),
    )
    .await;
    assert_eq!(status, 200);

    let stats = t.sim.state().stats();
    assert_eq!(stats["ts.mobile_auth.start"], 1);
    assert_eq!(stats["ts.mobile_auth.enabled"], 1);
    assert_eq!(stats["ts.mobile_auth.device_enabled"], 0);
    assert_eq!(stats["ts.mobile_auth.transaction"], 0);
}
