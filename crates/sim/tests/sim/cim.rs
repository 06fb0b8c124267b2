//! CIM Person, Events and Configuration APIs (§3–§5).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::helpers::{TestSim, enc, spawn_sim};

async fn get(t: &TestSim, path: &str) -> (u16, Value) {
    let res = t.cim(path).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// An address two persons share, and their ids.
fn shared_address(t: &TestSim) -> (String, Vec<String>) {
    let mut owners: HashMap<String, Vec<String>> = HashMap::new();
    for p in t.sim.state().persons(usize::MAX) {
        for e in p.emails {
            owners
                .entry(e.to_lowercase())
                .or_default()
                .push(p.id.clone());
        }
    }
    owners.into_iter().find(|(_, ids)| ids.len() == 2).unwrap()
}

#[tokio::test]
async fn a_person_has_the_documented_shape() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    let (status, body) = get(&t, &format!("/api/persons/{}", person.id)).await;

    assert_eq!(status, 200);
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "person_id",
        "gender",
        "name",
        "email_addresses",
        "phone_numbers",
        "addresses",
        "preferred_locale",
        "custom_attributes",
    ] {
        assert!(keys.contains(&key), "missing {key}");
    }
    assert_eq!(body["person_id"], person.id.as_str());
    assert!(["M", "F", "U"].contains(&body["gender"].as_str().unwrap()));
    let name = &body["name"];
    for key in ["first_name", "last_name", "initials", "display_name"] {
        assert!(name[key].is_string(), "name.{key}");
    }
    assert_eq!(name["display_name"], person.display_name.as_str());
    let email = &body["email_addresses"][0];
    assert_eq!(email["primary"], true);
    assert!(email["verified"].is_boolean());
    assert_eq!(email["value"], person.emails[0].as_str());
    assert!(body["custom_attributes"].is_object());
    assert!(body["addresses"].is_array());
}

#[tokio::test]
async fn an_unknown_person_is_404_in_the_cim_error_shape() {
    let t = spawn_sim().await;
    let (status, body) = get(&t, "/api/persons/8a742ac4-fabd-4580-924c-0281777e3d39").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"error_code": 4041, "error_message": "Person not found"})
    );
}

#[tokio::test]
async fn search_matches_any_address_case_insensitively() {
    let t = spawn_sim().await;
    let person = t.sample(2);
    let email = &person.emails[0];

    for variant in [email.clone(), email.to_uppercase(), email.to_lowercase()] {
        let (status, body) = get(&t, &format!("/api/persons/search?email={}", enc(&variant))).await;
        assert_eq!(status, 200);
        assert_eq!(body["total_results"], 1, "{variant}");
        assert_eq!(body["result_set"][0]["person_id"], person.id.as_str());
    }

    // Some addresses are stored in mixed case; a lower-case search finds them.
    let mixed = t
        .sim
        .state()
        .persons(usize::MAX)
        .into_iter()
        .find_map(|p| {
            p.emails
                .into_iter()
                .find(|e| e.chars().any(char::is_uppercase))
        })
        .unwrap();
    let (_, body) = get(
        &t,
        &format!("/api/persons/search?email={}", enc(&mixed.to_lowercase())),
    )
    .await;
    assert!(body["total_results"].as_u64().unwrap() >= 1);

    let (_, none) = get(&t, "/api/persons/search?email=nobody%40example.com").await;
    assert_eq!(none, json!({"result_set": [], "total_results": 0}));
}

#[tokio::test]
async fn a_shared_address_finds_both_persons_and_max_results_caps_the_list() {
    let t = spawn_sim().await;
    let (email, owners) = shared_address(&t);

    let (_, body) = get(&t, &format!("/api/persons/search?email={}", enc(&email))).await;
    assert_eq!(body["total_results"], 2);
    let mut found: Vec<String> = body["result_set"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person_id"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    let mut expected = owners.clone();
    expected.sort();
    assert_eq!(found, expected);

    let (_, capped) = get(
        &t,
        &format!("/api/persons/search?email={}&max_results=1", enc(&email)),
    )
    .await;
    assert_eq!(capped["result_set"].as_array().unwrap().len(), 1);
    assert_eq!(capped["total_results"], 2);
}

#[tokio::test]
async fn search_without_email_or_with_a_bad_max_results_is_400() {
    let t = spawn_sim().await;
    for query in [
        "",
        "?email=",
        "?email=a%40example.com&max_results=0",
        "?email=a%40example.com&max_results=lots",
    ] {
        let (status, body) = get(&t, &format!("/api/persons/search{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(body["error_code"].is_u64() && body["error_message"].is_string());
    }
}

#[tokio::test]
async fn cim_events_are_newest_first_and_paginated() {
    let t = spawn_sim().await;
    let state = t.sim.state();
    let person = state
        .sample_persons(300)
        .into_iter()
        .find(|p| state.cim_events_of(&p.id).len() >= 8)
        .unwrap();
    let all = state.cim_events_of(&person.id);

    let (status, body) = get(
        &t,
        &format!("/api/events?userId={}&limit=3&offset=2", person.id),
    )
    .await;

    assert_eq!(status, 200);
    assert_eq!(
        body["pagination"],
        json!({"total_results": all.len(), "offset": 2, "limit": 3})
    );
    let page = body["resultSet"].as_array().unwrap();
    assert_eq!(page.len(), 3);
    for (got, want) in page.iter().zip(&all[2..5]) {
        assert_eq!(got["event_identifier"], want.event_identifier.as_str());
    }
    let e = &page[0];
    for key in [
        "event_identifier",
        "person_id",
        "occurred",
        "event_type",
        "event_name",
        "client_ip",
        "user_agent",
        "partition_id",
        "event_agent_user",
        "reason",
    ] {
        assert!(e.get(key).is_some(), "missing {key}");
    }
    assert!(e["event_type"].as_str().unwrap().starts_with("person."));
    assert!(all.windows(2).all(|w| w[0].occurred >= w[1].occurred));

    let (_, legacy) = get(&t, &format!("/api/events?user_id={}&limit=1000", person.id)).await;
    assert_eq!(legacy["resultSet"].as_array().unwrap().len(), all.len());
    let (_, past) = get(&t, &format!("/api/events?userId={}&offset=1000", person.id)).await;
    assert_eq!(past["resultSet"], json!([]));
}

#[tokio::test]
async fn cim_events_validate_their_parameters() {
    let t = spawn_sim().await;
    let cases = [
        ("/api/events", 4004),
        ("/api/events?limit=5", 4004),
        ("/api/events?userId=x&limit=0", 4002),
        ("/api/events?userId=x&limit=1001", 4002),
        ("/api/events?userId=x&limit=many", 4002),
        ("/api/events?userId=x&offset=-1", 4003),
    ];
    for (path, code) in cases {
        let (status, body) = get(&t, path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error_code"], code, "{path}");
    }
    let (_, missing) = get(&t, "/api/events").await;
    assert_eq!(
        missing["error_message"],
        "Both user ID and actor ID are missing"
    );
}

#[tokio::test]
async fn cim_events_can_be_selected_by_actor() {
    let t = spawn_sim().await;
    let (status, body) = get(&t, "/api/events?actor=helpdesk-agent-1&limit=1000").await;
    assert_eq!(status, 200);
    let events = body["resultSet"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| e["event_agent_user"] == "helpdesk-agent-1")
    );
}

#[tokio::test]
async fn config_answers_sections_and_filters_by_fields() {
    let t = spawn_sim().await;

    let (status, all) = get(&t, "/api/config").await;
    assert_eq!(status, 200);
    assert!(all["messages"]["default"].is_object());
    assert!(all["messages"]["nl"].is_object());
    assert!(all["password_policy"].is_object());
    assert!(all["profile"].is_object());

    let (_, some) = get(&t, "/api/config?fields=password_policy,messages").await;
    let mut keys: Vec<_> = some.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["messages", "password_policy"]);

    let (status, idps) = get(&t, "/api/config/identity-providers").await;
    assert_eq!(status, 200);
    for idp in idps["result"].as_array().unwrap() {
        assert!(idp["id"].is_string() && idp["name"].is_string() && idp["type"].is_string());
    }
}
