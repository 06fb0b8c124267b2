//! The vendor conformance suite: every route of our API, over HTTP, against a CIM and a Token
//! Server that answer only what the vendor documents, with the documented payloads and quirks
//! (see `vendor`), each API with credentials of its own, and with each way of finding a person.

pub mod vendor;

use cs_clock::Clock;
use cs_server::Settings;
use serde_json::{Value, json};

use crate::helpers::{TestApp, problem, spawn_app_against, token};
use vendor::{
    ApiCredentials, EMAIL, IPHONE, KEPT_PHONE, Lookup, MINIMAL_EMAIL, MINIMAL_PERSON_ID, PERSON_ID,
    Vendor, VendorLog,
};

/// The lookups a CIM may offer, each with the `cim.search` settings that must work with it
/// (`None`: the default, which tries the documented lookup first).
fn setups() -> [(Lookup, Option<Value>); 4] {
    [
        (Lookup::MigrationStatus, Some(json!("migration-status"))),
        (Lookup::MigrationStatus, None),
        (Lookup::PersonSearch, Some(json!("person-search"))),
        (Lookup::PersonSearch, None),
    ]
}

/// Our settings for these credentials: one pair per API, as the vendor configures them.
fn connect(settings: &mut Settings, c: &ApiCredentials, search: Option<&Value>) {
    let pair = |credentials: vendor::Credentials| {
        serde_json::from_value(json!({
            "username": credentials.username, "password": credentials.password
        }))
        .unwrap()
    };
    settings.cim.persons_api = pair(c.persons);
    settings.cim.events_api = pair(c.cim_events);
    settings.cim.configuration_api = pair(c.configuration);
    settings.token_server.end_user_api = pair(c.end_user);
    settings.token_server.events_api = pair(c.ts_events);
    // The product-wide pairs are wrong, so that an API using them instead of its own fails.
    settings.cim.username = Some("not-an-api-user".into());
    settings.token_server.username = Some("not-an-api-client".into());
    if let Some(search) = search {
        settings.cim.search = serde_json::from_value(search.clone()).unwrap();
    }
    settings.cache.readiness_ttl_secs = 0;
}

/// Our server against this vendor, adjusted after the vendor's settings are in.
async fn serve(
    vendor: Vendor,
    search: Option<&Value>,
    adjust: impl FnOnce(&mut Settings),
) -> (TestApp, VendorLog) {
    let Vendor {
        cim,
        token_server,
        credentials,
        log,
    } = vendor;
    let app = spawn_app_against(cim, token_server, Clock::system(), |settings| {
        connect(settings, &credentials, search);
        adjust(settings);
    })
    .await;
    (app, log)
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn remove(app: &TestApp, device: &str) -> reqwest::Response {
    app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/users/{PERSON_ID}/devices/{device}"),
    )
    .json(&json!({"reason": "Caller lost the phone"}))
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn every_route_works_against_the_documented_vendor_with_either_lookup() {
    for (lookup, search) in setups() {
        let setup = format!("{lookup:?} with cim.search = {search:?}");
        let (app, log) = serve(Vendor::start(lookup).await, search.as_ref(), |_| {}).await;

        // Search: case does not matter to CIM; device counts come from the Token Server.
        let found = json_of(
            app.get("/api/v1/users?email=Joe.Doe%40Example.com").await,
            200,
        )
        .await;
        assert_eq!(
            found,
            json!({"users": [{"personId": PERSON_ID, "displayName": "Joe Doe",
                              "primaryEmail": EMAIL, "deviceCount": 2}],
                   "unavailable": []}),
            "{setup}"
        );
        let nobody = json_of(
            app.get("/api/v1/users?email=nobody%40example.com").await,
            200,
        )
        .await;
        assert_eq!(nobody, json!({"users": [], "unavailable": []}), "{setup}");

        // The profile: opaque addresses and attributes come through as CIM has them.
        let profile = json_of(app.get(&format!("/api/v1/users/{PERSON_ID}")).await, 200).await;
        let person = &profile["person"];
        assert_eq!(person["addresses"][0]["tags"], json!(["HOME"]), "{setup}");
        assert_eq!(
            person["customAttributes"],
            json!({"insurancePolicy": "NL-42", "preferences": {"newsletter": true}, "scores": [3, 5]}),
            "{setup}"
        );
        assert_eq!(profile["devices"].as_array().unwrap().len(), 2, "{setup}");
        assert_eq!(profile["unavailable"], json!([]), "{setup}: {profile}");

        // Devices: `ANDROID` is android; absent optional fields stay absent.
        let devices = json_of(
            app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await,
            200,
        )
        .await;
        let list = devices["devices"].as_array().unwrap();
        let android = list.iter().find(|d| d["id"] == KEPT_PHONE).unwrap();
        assert_eq!(android["platform"], "android", "{setup}");
        assert_eq!(android["mobileAuthentication"], "activated", "{setup}");
        for absent in [
            "osVersion",
            "model",
            "createdAt",
            "platformName",
            "pushToken",
        ] {
            assert!(
                android.get(absent).is_none(),
                "{setup}: {absent} in {android}"
            );
        }
        let iphone = list.iter().find(|d| d["id"] == IPHONE).unwrap();
        assert_eq!(iphone["name"], "Joe's iPhone 📱");
        assert_eq!(iphone["mobileAuthentication"], "activated_with_push");

        // Events: one newest-first timeline from CIM (which answers in no order) and the Token
        // Server; the CIM event without `occurred` is left out, not its page.
        let events = json_of(
            app.get(&format!("/api/v1/users/{PERSON_ID}/events")).await,
            200,
        )
        .await;
        let ids: Vec<&str> = events["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["cim-3", "ts-2", "cim-2", "ts-1", "cim-1"], "{setup}");
        assert_eq!(events["unavailable"], json!([]), "{setup}");

        // A deletion the Token Server carried out, and one it answered 204 and did not.
        assert_eq!(remove(&app, IPHONE).await.status(), 204, "{setup}");
        let after = json_of(
            app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await,
            200,
        )
        .await;
        assert_eq!(
            after["devices"].as_array().unwrap().len(),
            1,
            "{setup}: {after}"
        );
        let kept = problem(remove(&app, KEPT_PHONE).await, 502).await;
        assert_eq!(kept["type"], "/problems/device-not-removed", "{setup}");

        // The audit trail has both, each with how it ended.
        let auditor = token("supervisor", &["AGENTS_READ"]);
        let audit = app
            .client
            .get(app.url(&format!("/api/v1/audit?userId={PERSON_ID}")))
            .bearer_auth(auditor)
            .send()
            .await
            .unwrap();
        let records = json_of(audit, 200).await;
        let outcomes: Vec<(&str, &str)> = records["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["deviceId"].as_str().unwrap(),
                    r["outcome"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            outcomes,
            [(KEPT_PHONE, "failed"), (IPHONE, "succeeded")],
            "{setup}"
        );

        // Ready: the Configuration API is switched off (500, no body), which is still an answer.
        let ready = json_of(app.get("/readyz").await, 200).await;
        assert_eq!(ready["status"], "ready", "{setup}: {ready}");

        // The documented lookup is tried once per process, where CIM does not have it.
        let expected: &[&str] = match (lookup, &search) {
            (Lookup::PersonSearch, None) => &["POST /api/migration/status"],
            _ => &[],
        };
        assert_eq!(log.unanswered(), expected, "{setup}");
    }
}

#[tokio::test]
async fn a_person_with_only_the_required_fields_and_no_devices_is_shown_as_such() {
    for (lookup, search) in setups() {
        let setup = format!("{lookup:?} with cim.search = {search:?}");
        let (app, _) = serve(Vendor::start(lookup).await, search.as_ref(), |_| {}).await;

        let found = json_of(
            app.get("/api/v1/users?email=ann.smith%40example.com").await,
            200,
        )
        .await;
        assert_eq!(
            found,
            json!({"users": [{"personId": MINIMAL_PERSON_ID, "primaryEmail": MINIMAL_EMAIL,
                              "deviceCount": 0}],
                   "unavailable": []}),
            "{setup}"
        );
        // 404 "No devices found" is an empty list, not an error.
        let profile = json_of(
            app.get(&format!("/api/v1/users/{MINIMAL_PERSON_ID}")).await,
            200,
        )
        .await;
        assert_eq!(profile["devices"], json!([]), "{setup}");
        assert_eq!(profile["events"], json!([]), "{setup}");
        assert_eq!(profile["unavailable"], json!([]), "{setup}: {profile}");
        assert_eq!(profile["person"]["personId"], MINIMAL_PERSON_ID);
    }
}

#[tokio::test]
async fn an_api_refusing_its_credentials_is_named_and_only_its_part_fails() {
    // The Token Server's events API refuses us (OAuth-style 401): the rest still works.
    let (app, _) = serve(Vendor::start(Lookup::MigrationStatus).await, None, |s| {
        s.token_server.events_api.password = Some("not-the-secret".into());
    })
    .await;
    let events = json_of(
        app.get(&format!("/api/v1/users/{PERSON_ID}/events")).await,
        200,
    )
    .await;
    assert_eq!(
        events["unavailable"][0]["source"], "token_server_events",
        "{events}"
    );
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["source"] == "cim")
    );
    let ready = json_of(app.get("/readyz").await, 200).await;
    assert_eq!(ready["status"], "degraded", "{ready}");

    // The end-user API refuses us: the devices cannot be read, and we are not ready.
    let (app, _) = serve(Vendor::start(Lookup::MigrationStatus).await, None, |s| {
        s.token_server.end_user_api.password = Some("not-the-secret".into());
    })
    .await;
    let body = problem(
        app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await,
        502,
    )
    .await;
    assert_eq!(body["type"], "/problems/upstream-configuration", "{body}");
    assert_eq!(app.get("/readyz").await.status(), 503);
}

#[tokio::test]
async fn a_cim_whose_lookup_is_switched_off_tells_the_operator_which_setting_to_change() {
    for search in [Some(json!("migration-status")), None] {
        let (app, _) = serve(
            Vendor::start(Lookup::MigrationOff).await,
            search.as_ref(),
            |_| {},
        )
        .await;

        let body = problem(
            app.get("/api/v1/users?email=joe.doe%40example.com").await,
            502,
        )
        .await;

        assert_eq!(body["type"], "/problems/upstream-configuration", "{body}");
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains("cim.search"), "{detail}");
    }
}
