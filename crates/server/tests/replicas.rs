//! Two real `customer-service serve` processes on one PostgreSQL database (a database of the
//! test's own, dropped after), in front of one simulator: what one replica does, the other
//! knows within a second.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use cs_testdb::TestDatabase;
use onegini_sim::{Api, RunningSim, SimSettings};
use serde_json::{Value, json};
use support::serving_port;
use tokio::process::{Child, Command};

const PASSWORD: &str = "correct horse battery staple";

/// One replica: the process and where it serves.
struct Replica {
    _child: Child,
    base: String,
}

/// Two replicas, their database and their upstreams.
struct Cluster {
    a: Replica,
    b: Replica,
    database: TestDatabase,
    sim: RunningSim,
    _dir: tempfile::TempDir,
}

impl Cluster {
    async fn start() -> Cluster {
        let database = TestDatabase::create().await;
        let sim_settings = SimSettings {
            listen: "127.0.0.1:0".parse().unwrap(),
            persons: 50,
            ..SimSettings::default()
        };
        let sim = RunningSim::start(sim_settings.clone()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let accounts = dir.path().join("accounts.toml");
        let hash = cs_auth::password::hash_password(PASSWORD).unwrap();
        let agent = |name: &str| {
            format!(
                "[[agents]]\nusername = \"{name}\"\ndisplay_name = \"{name}\"\npassword_hash = \"{hash}\"\nauthorities = [\"USERS_ALL\", \"AGENTS_READ\"]\ngroups = []\n"
            )
        };
        std::fs::write(&accounts, agent("ann") + &agent("sam")).unwrap();
        let vars = environment(&sim, &sim_settings, database.url(), &accounts);
        // One after the other: the first migrates the new database.
        let a = Replica::start(&vars).await;
        let b = Replica::start(&vars).await;
        Cluster {
            a,
            b,
            database,
            sim,
            _dir: dir,
        }
    }
}

fn environment(
    sim: &RunningSim,
    sim_settings: &SimSettings,
    database: &str,
    accounts: &std::path::Path,
) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = [
        ("CS__SERVER__LISTEN", "127.0.0.1:0".to_owned()),
        ("CS__SERVER__WORKERS", "2".to_owned()),
        ("CS__AUTH__DATABASE", database.to_owned()),
        ("CS__AUTH__ACCOUNTS_FILE", accounts.display().to_string()),
        ("CS__AUTH__SECURE_COOKIES", "false".to_owned()),
        // Long enough that only the change feed can explain a fresh answer within a second.
        ("CS__CACHE__DEVICES_TTL_SECS", "600".to_owned()),
        ("CS__CACHE__PERSONS_TTL_SECS", "600".to_owned()),
        ("CS__CIM__BASE_URL", sim.cim_url()),
        ("CS__CIM__USERNAME", sim_settings.cim_user.clone()),
        ("CS__CIM__PASSWORD", sim_settings.cim_password.clone()),
        ("CS__TOKEN_SERVER__BASE_URL", sim.token_server_url()),
        (
            "CS__TOKEN_SERVER__USERNAME",
            sim_settings.token_server_user.clone(),
        ),
        (
            "CS__TOKEN_SERVER__PASSWORD",
            sim_settings.token_server_password.clone(),
        ),
        ("CS__LOG__FORMAT", "json".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (api, key) in [
        (Api::CimPerson, "CS__CIM__PERSONS_API"),
        (Api::CimEvents, "CS__CIM__EVENTS_API"),
        (Api::CimConfiguration, "CS__CIM__CONFIGURATION_API"),
        (Api::TokenServerEndUser, "CS__TOKEN_SERVER__END_USER_API"),
        (Api::TokenServerEvents, "CS__TOKEN_SERVER__EVENTS_API"),
        (
            Api::TokenServerMobileAuthentication,
            "CS__TOKEN_SERVER__MOBILE_AUTHENTICATION_API",
        ),
    ] {
        let (user, password) = sim_settings.api_credentials(api);
        vars.push((format!("{key}__USERNAME"), user.to_owned()));
        vars.push((format!("{key}__PASSWORD"), password.to_owned()));
    }
    vars
}

impl Replica {
    async fn start(vars: &[(String, String)]) -> Replica {
        let mut child = Command::new(env!("CARGO_BIN_EXE_customer-service"))
            .arg("serve")
            .env_clear()
            .envs(vars.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let port = serving_port(&mut child).await;
        Replica {
            _child: child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser: one cookie jar for both replicas (cookies are per host, not per port).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Logs `client` in on `replica` as ann; the XSRF token its changes must carry.
async fn log_in(client: &reqwest::Client, replica: &Replica) -> String {
    log_in_as(client, replica, "ann").await
}

async fn log_in_as(client: &reqwest::Client, replica: &Replica, username: &str) -> String {
    let response = client
        .post(replica.url("/api/v1/session"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login on {}", replica.base);
    response
        .cookies()
        .find(|c| c.name() == "XSRF-TOKEN")
        .unwrap()
        .value()
        .to_owned()
}

/// Polls `check` for up to a second; how long it took.
async fn within_a_second<F, Fut>(what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{what}: not within a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    started.elapsed()
}

#[tokio::test]
async fn a_session_made_on_one_replica_works_on_the_other_and_a_logout_ends_it_on_both() {
    let cluster = Cluster::start().await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let login = client
        .post(cluster.a.url("/api/v1/session"))
        .json(&json!({"username": "ann", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = |name: &str| {
        let value = login
            .cookies()
            .find(|c| c.name() == name)
            .unwrap()
            .value()
            .to_owned();
        format!("{name}={value}")
    };
    // The cookies as the browser holds them: a copy of them outlives any logout.
    let (session, xsrf) = (cookie("cs-session"), cookie("XSRF-TOKEN"));
    let session_on = |replica: &Replica| {
        client
            .get(replica.url("/api/v1/session"))
            .header("cookie", &session)
            .send()
    };

    assert_eq!(
        session_on(&cluster.b).await.unwrap().status(),
        200,
        "A's cookie works on B"
    );
    assert_eq!(
        session_on(&cluster.a).await.unwrap().status(),
        200,
        "and A has it cached"
    );

    let logout = client
        .delete(cluster.b.url("/api/v1/session"))
        .header("cookie", format!("{session}; {xsrf}"))
        .header("x-xsrf-token", xsrf.trim_start_matches("XSRF-TOKEN="))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204, "{}", logout.text().await.unwrap());

    // The copied cookie, replayed at A, which had the session in its cache.
    let took = within_a_second("A ends the session B logged out", || async {
        session_on(&cluster.a).await.unwrap().status() == 401
    })
    .await;
    eprintln!("A answered 401 after {took:?}");
}

#[tokio::test]
async fn a_device_deleted_through_one_replica_is_gone_from_the_others_cache_within_a_second() {
    let cluster = Cluster::start().await;
    let person = cluster
        .sim
        .sample_persons(50)
        .into_iter()
        .find(|p| p.devices >= 2)
        .expect("a person with two devices");
    let client = browser();
    let xsrf = log_in(&client, &cluster.a).await;
    let devices_path = format!("/api/v1/users/{}/devices", person.id);
    let listed_on_b = || async {
        let list: Value = client
            .get(cluster.b.url(&devices_path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let before = listed_on_b().await;
    assert_eq!(before.len(), person.devices);
    assert_eq!(listed_on_b().await, before, "B serves it from its cache");

    let gone = &before[0];
    let deleted = client
        .delete(cluster.a.url(&format!("{devices_path}/{gone}")))
        .header("x-xsrf-token", &xsrf)
        .json(&json!({"reason": "lost phone"}))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204, "{}", deleted.text().await.unwrap());

    within_a_second("B no longer lists the deleted device", || async {
        !listed_on_b().await.contains(gone)
    })
    .await;
}

#[tokio::test]
async fn failed_logins_on_both_replicas_count_against_one_limit_and_both_write_one_chain() {
    let cluster = Cluster::start().await;
    let client = browser();
    let mut statuses = Vec::new();
    for attempt in 0..10 {
        let replica = if attempt % 2 == 0 {
            &cluster.a
        } else {
            &cluster.b
        };
        let response = client
            .post(replica.url("/api/v1/session"))
            .json(&json!({"username": "ann", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    // Five failures per username per window (the default), wherever they were tried.
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);

    // Both replicas wrote the failures (and a login each) into one chain.
    let agent = browser();
    log_in_as(&agent, &cluster.b, "sam").await;
    let audit: Value = agent
        .get(cluster.a.url("/api/v1/audit?limit=50"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit["chain"]["intact"], true, "{audit}");
    assert_eq!(audit["records"].as_array().unwrap().len(), 6, "{audit}");

    let verify = Command::new(env!("CARGO_BIN_EXE_customer-service"))
        .args(["audit", "verify"])
        .env_clear()
        .env("CS__AUTH__DATABASE", cluster.database.url())
        .output()
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{said}");
    assert!(said.contains("intact: 6 records"), "{said}");
}
