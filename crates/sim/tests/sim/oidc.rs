//! The OIDC provider: discovery, JWKS, the login form, and the code flow with PKCE, by hand.

use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, Response, redirect};
use serde_json::Value;
use url::Url;

use crate::helpers::{TestSim, spawn_sim};

const CLIENT_ID: &str = "customer-service";
const CLIENT_SECRET: &str = "customer-service-secret";
const REDIRECT: &str = "http://127.0.0.1:8080/api/v1/session/oidc/callback";
const VERIFIER: &str = "a-pkce-verifier-of-more-than-43-characters-for-these-tests";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The simulator and a client that does not follow redirects (as a test must see them).
struct Provider {
    t: TestSim,
    client: Client,
}

impl Provider {
    async fn start() -> Provider {
        Provider {
            t: spawn_sim().await,
            client: Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.t.sim.oidc_issuer_url())
    }

    async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    async fn post(&self, path: &str, body: String) -> Response {
        self.client
            .post(self.url(path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// `GET /authorize` with the usual request, `changes` applied (an empty value drops one).
    async fn authorize(&self, changes: &[(&str, &str)]) -> Response {
        let challenge = challenge(VERIFIER);
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("scope", "openid profile"),
            ("state", "the-state"),
            ("nonce", "the-nonce"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        for (key, value) in changes {
            pairs.retain(|(k, _)| k != key);
            if !value.is_empty() {
                pairs.push((key, value));
            }
        }
        self.get(&format!("/authorize?{}", form(&pairs))).await
    }

    /// Signs in through the form of a valid authorization request; the 302 to the client.
    async fn sign_in(&self, username: &str, password: &str) -> Response {
        let page = self.authorize(&[]).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        let mut fields = hidden_fields(&html);
        fields.push(("username".into(), username.into()));
        fields.push(("password".into(), password.into()));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.post("/authorize", form(&pairs)).await
    }

    /// A code for `agent`, with state and nonce as sent.
    async fn code(&self, agent: &str) -> String {
        let redirect = self.sign_in(agent, "demo").await;
        assert_eq!(redirect.status(), 302);
        let location = Url::parse(location(&redirect)).unwrap();
        assert!(location.as_str().starts_with(REDIRECT));
        let query: Vec<(String, String)> = location.query_pairs().into_owned().collect();
        assert!(query.contains(&("state".into(), "the-state".into())));
        query
            .into_iter()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v)
            .unwrap()
    }

    /// `POST /token` with HTTP Basic client authentication.
    async fn exchange(&self, code: &str, verifier: &str, redirect_uri: &str) -> (u16, Value) {
        let body = form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ]);
        let response = self
            .client
            .post(self.url("/token"))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

fn location(response: &Response) -> &str {
    response.headers()[LOCATION].to_str().unwrap()
}

/// The hidden inputs of the login form (our own markup: `name="..." value="..."`).
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let unescape = |v: &str| {
        v.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once("\" value=\"").unwrap();
            let (value, _) = rest.split_once('"').unwrap();
            (name.to_owned(), unescape(value))
        })
        .collect()
}

/// The claims of a JWT, with its signature checked against the provider's JWKS.
async fn verified_claims(p: &Provider, token: &str) -> Value {
    let jwks: jsonwebtoken::jwk::JwkSet = p.get("/jwks").await.json().await.unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
    let jwk = jwks.find(header.kid.as_deref().unwrap()).unwrap();
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[CLIENT_ID]);
    validation.set_issuer(&[p.t.sim.oidc_issuer_url()]);
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .unwrap()
        .claims
}

#[tokio::test]
async fn discovery_describes_a_code_flow_provider_with_pkce_and_rs256() {
    let p = Provider::start().await;
    let issuer = p.t.sim.oidc_issuer_url();

    let response = p.get("/.well-known/openid-configuration").await;

    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["issuer"], issuer.as_str());
    assert_eq!(doc["authorization_endpoint"], format!("{issuer}/authorize"));
    assert_eq!(doc["token_endpoint"], format!("{issuer}/token"));
    assert_eq!(doc["jwks_uri"], format!("{issuer}/jwks"));
    assert_eq!(doc["response_types_supported"], serde_json::json!(["code"]));
    assert_eq!(
        doc["subject_types_supported"],
        serde_json::json!(["public"])
    );
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256"])
    );
    assert_eq!(
        doc["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        serde_json::json!(["client_secret_basic", "client_secret_post"])
    );
    assert!(
        doc["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&"openid".into())
    );
    assert!(
        doc["claims_supported"]
            .as_array()
            .unwrap()
            .contains(&"authorities".into())
    );
}

#[tokio::test]
async fn the_jwks_publishes_only_the_public_half_of_an_rs256_key() {
    let p = Provider::start().await;

    let jwks: Value = p.get("/jwks").await.json().await.unwrap();

    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let key = keys[0].as_object().unwrap();
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["alg"], "RS256");
    assert_eq!(key["use"], "sig");
    assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
    // 2048 bits: 256 bytes of modulus, 342 base64url characters.
    assert_eq!(key["n"].as_str().unwrap().len(), 342);
    let mut names: Vec<&str> = key.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["alg", "e", "kid", "kty", "n", "use"]);
}

#[tokio::test]
async fn an_agent_signs_in_and_the_code_with_its_verifier_buys_a_signed_id_token() {
    let p = Provider::start().await;

    let page = p.authorize(&[]).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("<label for=\"username\">") && html.contains("<label for=\"password\">"));
    assert!(!html.contains("<script"));
    let code = p.code("viewer").await;
    let (status, body) = p.exchange(&code, VERIFIER, REDIRECT).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["access_token"].is_string() && body["expires_in"].as_i64() > Some(0));
    let claims = verified_claims(&p, body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "viewer");
    assert_eq!(claims["preferred_username"], "viewer");
    assert_eq!(claims["name"], "Vic Viewer");
    assert_eq!(claims["nonce"], "the-nonce");
    assert_eq!(
        claims["authorities"],
        serde_json::json!(["helpdesk-viewers"])
    );
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 300);
}

#[tokio::test]
async fn client_secret_post_authenticates_the_client_too() {
    let p = Provider::start().await;
    let code = p.code("agent").await;

    let response = p
        .post(
            "/token",
            form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
            ]),
        )
        .await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let claims = verified_claims(&p, body["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["authorities"], serde_json::json!(["USERS_ALL"]));
}

#[tokio::test]
async fn a_code_is_exchanged_once_only() {
    let p = Provider::start().await;
    let code = p.code("agent").await;
    let (first, _) = p.exchange(&code, VERIFIER, REDIRECT).await;

    let (status, body) = p.exchange(&code, VERIFIER, REDIRECT).await;

    assert_eq!(first, 200);
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn a_wrong_verifier_is_refused_and_spends_the_code() {
    let p = Provider::start().await;
    let code = p.code("agent").await;

    let (status, body) = p
        .exchange(
            &code,
            "another-verifier-of-more-than-43-characters-long",
            REDIRECT,
        )
        .await;
    let (retry, _) = p.exchange(&code, VERIFIER, REDIRECT).await;

    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(retry, 400);
}

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_an_error_page_and_no_redirect() {
    let p = Provider::start().await;
    for uri in [
        "https://evil.example/api/v1/session/oidc/callback",
        "http://127.0.0.1:8080/elsewhere",
    ] {
        let response = p.authorize(&[("redirect_uri", uri)]).await;

        assert_eq!(response.status(), 400, "{uri}");
        assert!(response.headers().get(LOCATION).is_none());
        let html = response.text().await.unwrap();
        assert!(html.contains("redirect URI"), "{html}");
    }
}

#[tokio::test]
async fn a_token_request_with_another_redirect_uri_is_refused() {
    let p = Provider::start().await;
    let code = p.code("agent").await;

    let (status, body) = p
        .exchange(
            &code,
            VERIFIER,
            "http://127.0.0.1:9999/api/v1/session/oidc/callback",
        )
        .await;

    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn an_unknown_client_gets_an_error_page_and_a_wrong_secret_invalid_client() {
    let p = Provider::start().await;

    let page = p.authorize(&[("client_id", "someone-else")]).await;
    assert_eq!(page.status(), 400);
    assert!(page.headers().get(LOCATION).is_none());
    assert!(page.text().await.unwrap().contains("not registered"));

    let code = p.code("agent").await;
    let response = p
        .client
        .post(p.url("/token"))
        .basic_auth(CLIENT_ID, Some("wrong-secret"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("www-authenticate"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn a_bad_password_shows_the_form_again_with_an_error() {
    let p = Provider::start().await;

    let response = p.sign_in("agent", "wrong").await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().get(LOCATION).is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("role=\"alert\"") && html.contains("Wrong username or password"));
    assert!(html.contains("value=\"agent\""));
    // The request is carried on, so the next try can succeed.
    assert!(hidden_fields(&html).contains(&("state".into(), "the-state".into())));
}

#[tokio::test]
async fn requests_without_pkce_s256_or_openid_go_back_to_the_client_as_errors() {
    let p = Provider::start().await;
    for (changes, error) in [
        (vec![("code_challenge", "")], "invalid_request"),
        (vec![("code_challenge_method", "plain")], "invalid_request"),
        (vec![("scope", "profile")], "invalid_scope"),
        (
            vec![("response_type", "token")],
            "unsupported_response_type",
        ),
    ] {
        let response = p.authorize(&changes).await;

        assert_eq!(response.status(), 302, "{changes:?}");
        let url = Url::parse(location(&response)).unwrap();
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(query.contains(&("error".into(), error.into())), "{query:?}");
        assert!(query.contains(&("state".into(), "the-state".into())));
    }
}

#[tokio::test]
async fn cancelling_the_form_sends_access_denied_to_the_client() {
    let p = Provider::start().await;
    let html = p.authorize(&[]).await.text().await.unwrap();
    let mut fields = hidden_fields(&html);
    fields.push(("cancel".into(), "1".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();

    let response = p.post("/authorize", form(&pairs)).await;

    assert_eq!(response.status(), 302);
    assert!(location(&response).contains("error=access_denied"));
}
