//! Single sign-on end to end against onegini-sim's OIDC provider: login, wrong state, replayed
//! code, wrong nonce, provider errors, and where the agent lands.

mod stack;

use std::time::Duration;

use cs_clock::Clock;
use serde_json::Value;

use crate::helpers::{problem, spawn_app, token};
use stack::{SsoStack, location, param, with_param};

/// The audit trail, newest first, as a supervisor reads it.
async fn audit(stack: &SsoStack) -> Vec<Value> {
    let body: Value = crate::helpers::client()
        .build()
        .unwrap()
        .get(format!("{}/api/v1/audit", stack.address))
        .bearer_auth(token("sam", &["AGENTS_READ"]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["records"].as_array().unwrap().clone()
}

#[tokio::test]
async fn agents_log_in_through_the_provider_with_the_authorities_of_their_id_token() {
    let stack = SsoStack::start().await;
    for (username, name, delete_device) in [
        ("agent", "Ann Agent", true),
        ("viewer", "Vic Viewer", false),
    ] {
        let browser = stack.browser();
        let authorize = browser.start_login("/users/x").await;
        assert!(
            authorize
                .as_str()
                .starts_with(&stack.sim().oidc_issuer_url())
        );
        assert_eq!(
            param(&authorize, "code_challenge_method").as_deref(),
            Some("S256")
        );
        let callback = browser.sign_in(&authorize, username).await;

        let response = browser.get(callback.as_str()).await;

        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/users/x");
        assert!(
            response
                .cookies()
                .any(|c| c.name() == "XSRF-TOKEN" && !c.value().is_empty())
        );
        let session: Value = browser.session().await.json().await.unwrap();
        assert_eq!(session["authMethod"], "oidc");
        assert_eq!(session["agent"]["username"], username);
        assert_eq!(session["agent"]["displayName"], name);
        assert_eq!(session["permissions"]["readUsers"], true);
        assert_eq!(
            session["permissions"]["deleteDevice"], delete_device,
            "{username}"
        );
    }
    let records = audit(&stack).await;
    let login = records
        .iter()
        .find(|r| r["action"] == "login" && r["agent"] == "viewer")
        .unwrap();
    assert_eq!(login["authMethod"], "oidc");
    assert_eq!(login["outcome"], "succeeded");
    stack.stop().await;
}

#[tokio::test]
async fn a_callback_with_another_state_logs_nobody_in() {
    let stack = SsoStack::start().await;
    let browser = stack.browser();
    let authorize = browser.start_login("/users/x").await;
    let callback = browser.sign_in(&authorize, "agent").await;

    let tampered = with_param(&callback, "state", "not-the-state-we-sent");
    let landed = browser.callback(&tampered).await;

    assert_eq!(landed, "/login?sso_error=state_mismatch");
    problem(browser.session().await, 401).await;
    // The login in flight is over: the genuine callback cannot be used after a tampered one.
    assert_eq!(
        browser.callback(&callback).await,
        "/login?sso_error=no_flow"
    );
    problem(browser.session().await, 401).await;
    let records = audit(&stack).await;
    assert_eq!(records[0]["action"], "login_failed");
    assert_eq!(records[0]["authMethod"], "oidc");
    assert_eq!(records[0]["detail"], "sso: state mismatch");
    stack.stop().await;
}

#[tokio::test]
async fn a_replayed_callback_or_code_logs_nobody_in() {
    let stack = SsoStack::start().await;
    let victim = stack.browser();
    let authorize = victim.start_login("/users/x").await;
    let callback = victim.sign_in(&authorize, "agent").await;
    assert_eq!(victim.callback(&callback).await, "/users/x");

    // The same callback again, in the same browser and in another one.
    assert_eq!(victim.callback(&callback).await, "/login?sso_error=no_flow");
    let attacker = stack.browser();
    assert_eq!(
        attacker.callback(&callback).await,
        "/login?sso_error=no_flow"
    );
    problem(attacker.session().await, 401).await;

    // The code with a login of the attacker's own: our state, but the provider refuses the
    // spent code.
    let own = attacker.start_login("/").await;
    let state = param(&own, "state").unwrap();
    let replay = with_param(&callback, "state", &state);
    assert_eq!(
        attacker.callback(&replay).await,
        "/login?sso_error=exchange_failed"
    );
    problem(attacker.session().await, 401).await;
    stack.stop().await;
}

#[tokio::test]
async fn an_id_token_with_another_nonce_logs_nobody_in() {
    let stack = SsoStack::start().await;
    let browser = stack.browser();
    let ours = browser.start_login("/users/x").await;

    // The same authorization request (our state, our PKCE challenge) with another nonce.
    let crafted = with_param(&ours, "nonce", "a-nonce-we-never-sent");
    let callback = browser.sign_in(&crafted, "agent").await;
    assert_eq!(param(&callback, "state"), param(&ours, "state"));
    let landed = browser.callback(&callback).await;

    assert_eq!(landed, "/login?sso_error=nonce_mismatch");
    problem(browser.session().await, 401).await;
    stack.stop().await;
}

#[tokio::test]
async fn an_error_from_the_provider_is_reported_and_audited() {
    let stack = SsoStack::start().await;
    let browser = stack.browser();
    let authorize = browser.start_login("/users/x").await;

    let callback = browser.cancel(&authorize).await;
    assert_eq!(param(&callback, "error").as_deref(), Some("access_denied"));
    let landed = browser.callback(&callback).await;

    assert_eq!(landed, "/login?sso_error=provider_error");
    problem(browser.session().await, 401).await;
    let records = audit(&stack).await;
    assert_eq!(records[0]["action"], "login_failed");
    assert_eq!(records[0]["detail"], "sso: provider error access_denied");
    stack.stop().await;
}

#[tokio::test]
async fn a_return_to_on_another_site_lands_on_the_home_page() {
    let stack = SsoStack::start().await;
    for return_to in ["//evil.example", "https://evil.example/", "/\\evil.example"] {
        let browser = stack.browser();
        let authorize = browser.start_login(return_to).await;
        let callback = browser.sign_in(&authorize, "agent").await;

        assert_eq!(browser.callback(&callback).await, "/", "{return_to}");
    }
    stack.stop().await;
}

#[tokio::test]
async fn a_login_not_finished_in_time_has_expired() {
    let (clock, time) = Clock::manual();
    let stack = SsoStack::start_with_clock(clock, |s| s.oidc.flow_timeout_secs = 300).await;
    let browser = stack.browser();
    let authorize = browser.start_login("/users/x").await;
    let callback = browser.sign_in(&authorize, "agent").await;

    time.advance(Duration::from_secs(301));

    assert_eq!(
        browser.callback(&callback).await,
        "/login?sso_error=expired"
    );
    problem(browser.session().await, 401).await;
    stack.stop().await;
}

/// What `GET /api/v1/session/options` offers a browser that is not logged in.
async fn login_options(stack: &SsoStack) -> Value {
    stack
        .browser()
        .get(&format!("{}/api/v1/session/options", stack.address))
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_login_options_offer_single_sign_on_with_its_label() {
    let stack = SsoStack::start().await;

    let options = login_options(&stack).await;

    assert_eq!(options["oidc"], true);
    assert_eq!(options["oidcLabel"], cs_server::cli::demo::DEMO_SSO_LABEL);
    assert_eq!(options["password"], false);
    stack.stop().await;
}

#[tokio::test]
async fn without_a_label_the_login_options_name_no_provider() {
    let stack = SsoStack::start_with(|settings| settings.oidc.label = None).await;

    let options = login_options(&stack).await;

    assert_eq!(options["oidc"], true);
    assert!(
        options.get("oidcLabel").is_none(),
        "no label, so the SPA's own words: {options}"
    );
    stack.stop().await;
}

#[tokio::test]
async fn without_single_sign_on_its_routes_answer_404() {
    let app = spawn_app().await;

    for path in [
        "/api/v1/session/oidc/login",
        "/api/v1/session/oidc/callback",
    ] {
        let body = problem(app.client.get(app.url(path)).send().await.unwrap(), 404).await;
        assert_eq!(body["type"], "/problems/sso-disabled");
    }
    let options: Value = app
        .client
        .get(app.url("/api/v1/session/options"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(options["oidc"], false);
}

#[tokio::test]
async fn a_provider_that_cannot_be_discovered_stops_the_start_naming_the_setting() {
    let mut settings = crate::helpers::settings_for("http://127.0.0.1:9", "http://127.0.0.1:9");
    settings.oidc.enabled = true;
    settings.oidc.issuer_url = Some("http://127.0.0.1:9/oidc".into());
    settings.oidc.client_id = "customer-service".into();
    settings.oidc.redirect_url = Some("http://127.0.0.1:8080/api/v1/session/oidc/callback".into());
    settings.oidc.http_timeout_ms = 1_000;

    let error = cs_server::Application::build_with_accounts(
        &settings,
        crate::helpers::demo_accounts().clone(),
    )
    .await
    .err()
    .unwrap()
    .to_string();

    assert!(error.contains("oidc.issuer_url"), "{error}");
}

#[tokio::test]
async fn starting_logins_stores_nothing_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("customer-service.db");
    let path = database.clone();
    let stack = SsoStack::start_with(move |s| s.auth.database = path.clone().into()).await;

    for _ in 0..30 {
        stack.browser().start_login("/").await;
    }

    let rows: i64 = {
        use sqlx::Connection as _;
        let mut connection =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display()))
                .await
                .unwrap();
        sqlx::query_scalar("SELECT count(*) FROM sessions")
            .fetch_one(&mut connection)
            .await
            .unwrap()
    };
    assert_eq!(rows, 0, "anonymous login starts wrote session rows");
    // And the login started last still works: its state went with the browser.
    let browser = stack.browser();
    let authorize = browser.start_login("/users/x").await;
    let callback = browser.sign_in(&authorize, "agent").await;
    assert_eq!(browser.callback(&callback).await, "/users/x");
    stack.stop().await;
}

#[tokio::test]
async fn failed_callbacks_from_one_address_are_refused_for_a_while() {
    let stack = SsoStack::start_with(|s| s.auth.login_failures_per_address = 3).await;
    let browser = stack.browser();
    let forged = format!(
        "{}/api/v1/session/oidc/callback?code=x&state=y",
        stack.address
    );
    let forged = url::Url::parse(&forged).unwrap();

    for _ in 0..3 {
        assert_eq!(browser.callback(&forged).await, "/login?sso_error=no_flow");
    }
    assert_eq!(
        browser.callback(&forged).await,
        "/login?sso_error=throttled"
    );
    // Even a real login from that address waits until the window ends.
    let authorize = browser.start_login("/").await;
    let callback = browser.sign_in(&authorize, "agent").await;
    assert_eq!(
        browser.callback(&callback).await,
        "/login?sso_error=throttled"
    );
    problem(browser.session().await, 401).await;
    stack.stop().await;
}
