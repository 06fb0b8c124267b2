//! The server with single sign-on through onegini-sim's OIDC provider, and browsers to drive it.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::OnceLock;

use cs_auth::Accounts;
use cs_auth::accounts::Group;
use cs_clock::Clock;
use cs_server::cli::demo::{point_at_simulator, sso_redirect_url, sso_through_simulator};
use cs_server::{Application, Settings, StartError};
use onegini_sim::{RunningSim, SimSettings};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Response, redirect};
use url::Url;

use crate::helpers::{settings_for, stop_within};

/// The groups of the demo, and no local agents: what an SSO agent may do comes from the ID
/// token's authorities alone.
fn groups_only() -> Accounts {
    static ACCOUNTS: OnceLock<Accounts> = OnceLock::new();
    ACCOUNTS
        .get_or_init(|| {
            let viewers = Group {
                name: "helpdesk-viewers".into(),
                permissions: ["USERS_READ", "EMAIL_ADDRESS", "DISPLAY_NAME"]
                    .map(str::to_owned)
                    .to_vec(),
            };
            Accounts::new(Vec::new(), vec![viewers]).unwrap()
        })
        .clone()
}

/// A port that was free a moment ago: the redirect URL must name the port before the server
/// binds it. `start` retries when another process took it in between.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A simulator with its OIDC provider and the server using it for single sign-on.
pub struct SsoStack {
    sim: Option<RunningSim>,
    pub address: String,
    handle: actix_web::dev::ServerHandle,
}

impl SsoStack {
    pub async fn start() -> SsoStack {
        SsoStack::start_with(|_| {}).await
    }

    /// Like [`SsoStack::start`], with the settings adjusted first.
    pub async fn start_with(adjust: impl Fn(&mut Settings)) -> SsoStack {
        SsoStack::start_with_clock(Clock::system(), adjust).await
    }

    /// Like [`SsoStack::start_with`], with the server reading the time from `clock`.
    pub async fn start_with_clock(clock: Clock, adjust: impl Fn(&mut Settings)) -> SsoStack {
        let sim_settings = SimSettings {
            listen: "127.0.0.1:0".parse().unwrap(),
            persons: 20,
            ..SimSettings::default()
        };
        let sim = RunningSim::start(sim_settings.clone()).await.unwrap();
        for attempt in 1.. {
            let mut settings = settings_for(&sim.cim_url(), &sim.token_server_url());
            point_at_simulator(&mut settings, &sim, &sim_settings);
            settings.server.listen = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()));
            let redirect = sso_redirect_url(settings.server.listen).unwrap();
            sso_through_simulator(&mut settings, &sim, &sim_settings, &redirect);
            adjust(&mut settings);
            match Application::build_with_clock(&settings, groups_only(), clock.clone()).await {
                Ok(app) => {
                    let address = format!("http://127.0.0.1:{}", app.port());
                    let handle = app.handle();
                    tokio::spawn(app.run_until_stopped());
                    return SsoStack {
                        sim: Some(sim),
                        address,
                        handle,
                    };
                }
                Err(StartError::Bind { .. }) if attempt < 5 => continue,
                Err(error) => panic!("the server does not start: {error}"),
            }
        }
        unreachable!()
    }

    pub fn sim(&self) -> &RunningSim {
        self.sim.as_ref().unwrap()
    }

    /// A browser: its own cookie jar, redirects shown rather than followed.
    pub fn browser(&self) -> Browser {
        Browser {
            client: crate::helpers::client()
                .cookie_store(true)
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
            address: self.address.clone(),
        }
    }

    pub async fn stop(mut self) {
        stop_within("the server", self.handle.stop(true)).await;
        if let Some(sim) = self.sim.take() {
            stop_within("the simulator", sim.stop()).await;
        }
    }
}

/// The `Location` of a redirect.
pub fn location(response: &Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// The value of query parameter `key` in `url`.
pub fn param(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `url` with query parameter `key` set to `value`.
pub fn with_param(url: &Url, key: &str, value: &str) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .filter(|(k, _)| k != key)
        .chain([(key.to_owned(), value.to_owned())])
        .collect();
    let mut changed = url.clone();
    changed.query_pairs_mut().clear().extend_pairs(pairs);
    changed
}

pub struct Browser {
    pub client: reqwest::Client,
    address: String,
}

impl Browser {
    pub async fn get(&self, url: &str) -> Response {
        self.client.get(url).send().await.unwrap()
    }

    /// Clicks "single sign-on": the provider's authorization URL our server redirects to.
    pub async fn start_login(&self, return_to: &str) -> Url {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("returnTo", return_to)
            .finish();
        let response = self
            .get(&format!(
                "{}/api/v1/session/oidc/login?{query}",
                self.address
            ))
            .await;
        assert_eq!(response.status(), 302);
        Url::parse(&location(&response)).unwrap()
    }

    /// Submits the provider's login form for `authorize` with `extra` fields; the redirect
    /// back to our callback.
    async fn submit(&self, authorize: &Url, extra: &[(&str, &str)]) -> Url {
        let form = self.get(authorize.as_str()).await;
        assert_eq!(form.status(), 200, "the provider's login form");
        let html = form.text().await.unwrap();
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for piece in html.split("<input type=\"hidden\" name=\"").skip(1) {
            let (name, rest) = piece.split_once("\" value=\"").unwrap();
            let (value, _) = rest.split_once('"').unwrap();
            body.append_pair(name, &value.replace("&amp;", "&"));
        }
        body.extend_pairs(extra);
        let mut post = authorize.clone();
        post.set_query(None);
        let response = self
            .client
            .post(post)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.finish())
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            302,
            "the provider sends the browser back"
        );
        Url::parse(&location(&response)).unwrap()
    }

    /// Signs in at the provider as `username` (password `demo`).
    pub async fn sign_in(&self, authorize: &Url, username: &str) -> Url {
        self.submit(authorize, &[("username", username), ("password", "demo")])
            .await
    }

    /// Cancels at the provider.
    pub async fn cancel(&self, authorize: &Url) -> Url {
        self.submit(authorize, &[("cancel", "1")]).await
    }

    /// Arrives at our callback; returns where it sends the browser next.
    pub async fn callback(&self, url: &Url) -> String {
        let response = self.get(url.as_str()).await;
        assert_eq!(response.status(), 303, "the callback redirects");
        location(&response)
    }

    /// `GET /api/v1/session`.
    pub async fn session(&self) -> Response {
        self.get(&format!("{}/api/v1/session", self.address)).await
    }
}
