//! A push's life: polled through the Mobile Authentication API, answered on the user's phone
//! (`/_sim/push`), and the Token Server events it leaves behind.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{FORM, MOBILE_AUTH_USER, TestSim, form_body, spawn_sim};

async fn pending(t: &TestSim) -> Vec<Value> {
    let res = t.raw(Method::GET, "/_sim/push").send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The events of one transaction, newest first.
async fn events_of(t: &TestSim, user_id: &str, transaction_id: &str) -> Vec<Value> {
    let (status, body) = t
        .ts_events(&format!(
            "user_id={user_id}&transaction_id={transaction_id}"
        ))
        .await;
    assert_eq!(status, 200);
    body["result_set"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_new_push_polls_pending_with_the_seconds_left() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    let (status, body) = t.poll(&id).await;
    assert_eq!(status, 200);
    assert_eq!(body["transaction_id"], id.as_str());
    assert_eq!(body["status"], "PENDING");
    assert_eq!(body["expires_in"], 120);

    t.sim.state().advance_clock(Duration::from_millis(30_500));
    let (_, body) = t.poll(&id).await;
    assert_eq!(
        (&body["status"], &body["expires_in"]),
        (&json!("PENDING"), &json!(90)),
        "whole seconds, rounded up"
    );
}

#[tokio::test]
async fn approving_on_the_phone_confirms_it_and_denying_rejects_it() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();

    for (answer, polled) in [("approve", "CONFIRMED"), ("deny", "REJECTED")] {
        let id = t.push(&person.id, &device.id, "m").await;

        let (status, body) = t.answer(&id, answer).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["transaction_id"], id.as_str());
        assert_eq!(body["status"], polled);

        let (status, body) = t.poll(&id).await;
        assert_eq!(status, 200);
        assert_eq!(
            body,
            json!({"transaction_id": id, "status": polled, "expires_in": 0})
        );
    }
}

#[tokio::test]
async fn expiring_on_the_phone_expires_it_at_once() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    let (status, body) = t.answer(&id, "expire").await;
    assert_eq!((status, &body["status"]), (200, &json!("EXPIRED")));

    let (_, body) = t.poll(&id).await;
    assert_eq!(
        (&body["status"], &body["expires_in"]),
        (&json!("EXPIRED"), &json!(0))
    );
    assert!(pending(&t).await.is_empty());
}

#[tokio::test]
async fn a_push_past_its_validity_reads_expired_and_stays_so() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    t.sim.state().advance_clock(Duration::from_secs(119));
    assert_eq!(t.poll(&id).await.1["status"], "PENDING");
    t.sim.state().advance_clock(Duration::from_secs(1));

    let (status, body) = t.poll(&id).await;
    assert_eq!(status, 200);
    assert_eq!(
        (&body["status"], &body["expires_in"]),
        (&json!("EXPIRED"), &json!(0))
    );
    assert!(pending(&t).await.is_empty());
    let (status, body) = t.answer(&id, "approve").await;
    assert_eq!((status, &body["error"]), (409, &json!("not_pending")));
    assert_eq!(t.poll(&id).await.1["status"], "EXPIRED");
}

#[tokio::test]
async fn a_one_second_validity_runs_out_in_real_time() {
    let t = crate::helpers::spawn_sim_with(onegini_sim::SimSettings {
        push_validity_seconds: 1,
        ..crate::helpers::test_settings()
    })
    .await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    tokio::time::sleep(Duration::from_millis(1100)).await;

    assert_eq!(t.poll(&id).await.1["status"], "EXPIRED");
}

#[tokio::test]
async fn polling_an_unknown_transaction_is_404_not_found() {
    let t = spawn_sim().await;

    let (status, body) = t.poll("3f1c9a56-1111-4222-8333-444455556666").await;

    assert_eq!((status, &body["code"]), (404, &json!("not_found")));
}

#[tokio::test]
async fn the_phone_lists_pending_pushes_newest_first() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let first = t.push(&person.id, &device.id, "first").await;
    let second = t.push(&person.id, &device.id, "second <b>bold</b>").await;
    let answered = t.push(&person.id, &device.id, "answered").await;
    t.answer(&answered, "deny").await;

    let list = pending(&t).await;

    let ids: Vec<&str> = list
        .iter()
        .map(|p| p["transaction_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second.as_str(), first.as_str()]);
    assert_eq!(
        list[0],
        json!({
            "transaction_id": second,
            "user_id": person.id,
            "device_id": device.id,
            "device_name": device.name,
            "application": device.application,
            "message": "second <b>bold</b>",
            "status": "PENDING",
            "expires_in": 120,
        })
    );
}

#[tokio::test]
async fn answering_an_unknown_push_is_404_twice_409_and_a_bad_answer_400() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    let (status, body) = t.answer("no-such-transaction", "approve").await;
    assert_eq!((status, &body["error"]), (404, &json!("not_found")));

    for bad in ["maybe", "APPROVE", ""] {
        let (status, body) = t.answer(&id, bad).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["message"].is_string());
    }
    for body in ["not json", "{}", "{\"answer\":true}"] {
        let res = t
            .raw(Method::POST, &format!("/_sim/push/{id}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
    }
    assert_eq!(
        t.poll(&id).await.1["status"],
        "PENDING",
        "bad answers change nothing"
    );

    assert_eq!(t.answer(&id, "approve").await.0, 200);
    for again in ["approve", "deny", "expire"] {
        let (status, body) = t.answer(&id, again).await;
        assert_eq!(
            (status, &body["error"]),
            (409, &json!("not_pending")),
            "{again}"
        );
    }
    assert_eq!(t.poll(&id).await.1["status"], "CONFIRMED");
}

#[tokio::test]
async fn a_form_answer_redirects_to_the_phone_page() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let res = no_redirects
        .post(format!("{}/_sim/push/{id}", t.sim.base_url()))
        .header("content-type", FORM)
        .body(form_body(&[("answer", "deny")]))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/_sim/phone");
    assert_eq!(t.poll(&id).await.1["status"], "REJECTED");
}

#[tokio::test]
async fn starting_and_answering_record_token_server_events() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let started = t
        .mobile_auth(Method::POST, "/api/v4/authenticate/user")
        .header("user-agent", "CustomerService/1.0")
        .header("content-type", FORM)
        .body(form_body(&[
            ("type", "PUSH_AUTH"),
            ("user_id", person.id.as_str()),
            ("device_id", device.id.as_str()),
            ("message", "m"),
        ]))
        .send()
        .await
        .unwrap();
    let approved: Value = started.json().await.unwrap();
    let approved = approved["transaction_id"].as_str().unwrap().to_owned();
    let denied = t.push(&person.id, &device.id, "m").await;
    let expired = t.push(&person.id, &device.id, "m").await;

    let events = events_of(&t, &person.id, &approved).await;
    assert_eq!(events.len(), 1);
    let initialized = &events[0];
    assert_eq!(initialized["event_type"], "PUSH_AUTH_INITIALIZED");
    assert_eq!(initialized["event_name"], "Push auth initialized");
    assert_eq!(initialized["event_agent_user"], MOBILE_AUTH_USER);
    assert_eq!(initialized["app_name"], device.application);
    assert!(initialized["client_id"].is_string());
    assert_eq!(initialized["user_id"], person.id.as_str());
    assert_eq!(initialized["user_agent"], "CustomerService/1.0");
    assert_eq!(initialized["client_ip"], "127.0.0.1");

    t.answer(&approved, "approve").await;
    t.answer(&denied, "deny").await;
    t.answer(&expired, "expire").await;

    for (id, event_type, event_name) in [
        (
            &approved,
            "MOBILE_AUTH_AUTHENTICATED",
            "Mobile auth authenticated",
        ),
        (
            &denied,
            "MOBILE_AUTH_NOT_AUTHENTICATED",
            "Mobile auth not authenticated",
        ),
    ] {
        let events = events_of(&t, &person.id, id).await;
        let types: Vec<&str> = events
            .iter()
            .map(|e| e["event_type"].as_str().unwrap())
            .collect();
        assert_eq!(types, [event_type, "PUSH_AUTH_INITIALIZED"]);
        let answered = &events[0];
        assert_eq!(answered["event_name"], event_name);
        assert_eq!(answered["app_name"], device.application);
        assert_eq!(answered["transaction_id"], json!(id));
        assert!(
            answered["event_agent_user"].is_null(),
            "the user acted, not an API client"
        );
    }
    let types: Vec<Value> = events_of(&t, &person.id, &expired)
        .await
        .into_iter()
        .map(|e| e["event_type"].clone())
        .collect();
    assert_eq!(
        types,
        [json!("PUSH_AUTH_INITIALIZED")],
        "no answer, no event"
    );
}

#[tokio::test]
async fn reset_forgets_every_push() {
    let t = spawn_sim().await;
    let (person, device) = t.push_device();
    let id = t.push(&person.id, &device.id, "m").await;

    t.raw(Method::POST, "/_sim/reset").send().await.unwrap();

    assert_eq!(t.poll(&id).await.0, 404);
    assert!(pending(&t).await.is_empty());
    assert!(events_of(&t, &person.id, &id).await.is_empty());
}
