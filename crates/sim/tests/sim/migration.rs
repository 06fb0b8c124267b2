//! CIM's migration status (§3 [DOC]), the one documented way from an e-mail address to a
//! person, and the switch that takes our own person search away.

use std::collections::HashMap;

use onegini_sim::{MigrationNotFound, SimSettings};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{CIM_PASSWORD, CIM_USER, TestSim, spawn_sim, spawn_sim_with, test_settings};

const STATUS: &str = "/api/migration/status";

async fn migration_status(t: &TestSim, body: &Value) -> (u16, Value) {
    let res = t.cim_post(STATUS, body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

fn settings(adjust: impl FnOnce(&mut SimSettings)) -> SimSettings {
    let mut settings = SimSettings {
        persons: 50,
        ..test_settings()
    };
    adjust(&mut settings);
    settings
}

#[tokio::test]
async fn a_known_address_answers_its_persons_id_whatever_its_case() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    let email = person.emails[0].to_uppercase();
    let (status, body) = migration_status(&t, &json!({ "email": email })).await;

    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "EXISTS_IN_IDP", "person_id": person.id})
    );
}

#[tokio::test]
async fn an_address_two_persons_share_answers_the_first_of_them() {
    let t = spawn_sim().await;
    let mut owners: HashMap<String, Vec<String>> = HashMap::new();
    for p in t.sim.state().persons(usize::MAX) {
        for e in p.emails {
            owners
                .entry(e.to_lowercase())
                .or_default()
                .push(p.id.clone());
        }
    }
    let (email, ids) = owners.into_iter().find(|(_, ids)| ids.len() == 2).unwrap();

    let (status, body) = migration_status(&t, &json!({ "email": email })).await;

    assert_eq!(status, 200);
    assert_eq!(body["person_id"], ids[0].as_str());
}

#[tokio::test]
async fn the_partition_header_is_accepted() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    let res = t
        .cim_post(STATUS, &json!({ "email": person.emails[0] }))
        .header("X-Onegini-Persons-Partition-Id", "default")
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["person_id"], person.id.as_str());
}

#[tokio::test]
async fn an_unknown_address_answers_not_found_without_a_person_id() {
    let t = spawn_sim().await;
    let (status, body) = migration_status(&t, &json!({"email": "nobody@example.invalid"})).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "NOT_FOUND"}));
}

#[tokio::test]
async fn an_unknown_address_can_answer_a_null_or_empty_person_id() {
    for (shape, person_id) in [
        (MigrationNotFound::Null, Value::Null),
        (MigrationNotFound::Empty, json!("")),
    ] {
        let t = spawn_sim_with(settings(|s| s.migration_not_found = shape)).await;
        let (status, body) =
            migration_status(&t, &json!({"email": "nobody@example.invalid"})).await;
        assert_eq!(status, 200);
        assert_eq!(body, json!({"status": "NOT_FOUND", "person_id": person_id}));
    }
}

#[tokio::test]
async fn a_missing_email_is_400_in_the_cim_error_shape() {
    let t = spawn_sim().await;
    for body in [json!({}), json!({"email": ""}), json!({"mail": "a@b.c"})] {
        let (status, answer) = migration_status(&t, &body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(answer["error_code"], 4001);
        assert!(answer["error_message"].is_string());
    }
    let res = t
        .raw(Method::POST, STATUS)
        .basic_auth(CIM_USER, Some(CIM_PASSWORD))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["error_code"], 4000);
}

#[tokio::test]
async fn without_credentials_it_is_401() {
    let t = spawn_sim().await;
    let res = t
        .raw(Method::POST, STATUS)
        .json(&json!({"email": t.sample(0).emails[0]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error_code"], 4010);
}

#[tokio::test]
async fn it_takes_the_person_api_credentials() {
    let t = spawn_sim_with(settings(|s| {
        s.cim_person_api_user = Some("persons".to_owned());
        s.cim_person_api_password = Some("persons_pw".to_owned());
    }))
    .await;
    let body = json!({"email": t.sample(0).emails[0]});
    let send = |user: &'static str, password: &'static str| {
        t.raw(Method::POST, STATUS)
            .basic_auth(user, Some(password))
            .json(&body)
            .send()
    };

    assert_eq!(send(CIM_USER, CIM_PASSWORD).await.unwrap().status(), 401);
    assert_eq!(send("persons", "persons_pw").await.unwrap().status(), 200);
}

#[tokio::test]
async fn when_the_migration_feature_is_disabled_it_is_503_with_no_body() {
    let t = spawn_sim_with(settings(|s| s.migration_status = false)).await;

    let res = t
        .cim_post(STATUS, &json!({"email": t.sample(0).emails[0]}))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 503);
    assert!(res.headers().get("content-type").is_none());
    assert!(res.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn with_the_search_off_the_search_path_is_an_unknown_person() {
    let t = spawn_sim_with(settings(|s| s.person_search = false)).await;
    let email = &t.sample(0).emails[0];

    let res = t
        .cim(&format!("/api/persons/search?email={email}"))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error_code": 4041, "error_message": "Person not found"})
    );
    let stats = t.sim.state().stats();
    assert_eq!(
        (stats["cim.persons.get"], stats["cim.persons.search"]),
        (1, 0)
    );
}

#[tokio::test]
async fn a_fault_rule_makes_the_search_an_unimplemented_operation() {
    let t = spawn_sim().await;
    t.set_faults(json!([{"route": "cim.persons.search", "error_status": 501}]))
        .await;

    let res = t
        .cim("/api/persons/search?email=a%40b.c")
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 501);
}
