//! Fixtures: a wiremock identity provider, claim builders, hand-built tokens.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cs_auth::jwt::{BearerSettings, BearerVerifier};
use cs_auth::keys::{self, KeyAlgorithm, SigningKey};
use cs_clock::Clock;
use jsonwebtoken::{EncodingKey, Header};
use serde_json::{Map, Value, json};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const ISSUER: &str = "https://idp.example.test/realms/cs";
pub const AUDIENCE: &str = "customer-service";
pub const JWKS_PATH: &str = "/realms/cs/certs";

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn rsa_key(kid: &str) -> SigningKey {
    SigningKey::generate(KeyAlgorithm::Rs256, kid).unwrap()
}

pub fn ec_key(kid: &str) -> SigningKey {
    SigningKey::generate(KeyAlgorithm::Es256, kid).unwrap()
}

pub fn ed_key(kid: &str) -> SigningKey {
    SigningKey::generate(KeyAlgorithm::EdDsa, kid).unwrap()
}

/// Claims of a valid token, to be bent one way or another by each test.
#[derive(Clone)]
pub struct Claims(Map<String, Value>);

impl Claims {
    pub fn valid() -> Self {
        let now = now();
        let Value::Object(map) = json!({
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "agent.smith",
            "name": "Agent Smith",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "authorities": ["devices:read", "users:read"],
        }) else {
            unreachable!()
        };
        Claims(map)
    }

    pub fn set(mut self, claim: &str, value: impl Into<Value>) -> Self {
        self.0.insert(claim.to_owned(), value.into());
        self
    }

    pub fn without(mut self, claim: &str) -> Self {
        self.0.remove(claim);
        self
    }

    pub fn signed_by(&self, key: &SigningKey) -> String {
        key.sign(&self.0).unwrap()
    }

    pub fn json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

/// Signs with `key` under a header without `kid` (`SigningKey::sign` always writes one).
pub fn signed_without_kid(claims: &Claims, key: &SigningKey) -> String {
    let pem = key.to_pem();
    let encoding = match key.algorithm() {
        KeyAlgorithm::Rs256 => EncodingKey::from_rsa_pem(pem.as_bytes()),
        KeyAlgorithm::Es256 => EncodingKey::from_ec_pem(pem.as_bytes()),
        KeyAlgorithm::EdDsa => EncodingKey::from_ed_pem(pem.as_bytes()),
    }
    .unwrap();
    let header = Header::new(key.algorithm().jwt_algorithm());
    jsonwebtoken::encode(&header, &claims.json(), &encoding).unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `header.payload.signature` assembled by hand, for what no honest library would produce.
pub fn hand_built(header: &Value, payload: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes()),
        b64(signature)
    )
}

/// The same token with one byte of its signature flipped.
pub fn with_flipped_signature_byte(token: &str) -> String {
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    format!("{signed}.{}", b64(&bytes))
}

/// A wiremock identity provider serving a JWKS.
pub struct Idp {
    pub server: MockServer,
}

impl Idp {
    /// An identity provider serving the public halves of `keys`.
    pub async fn serving(keys: &[&SigningKey]) -> Idp {
        let idp = Idp {
            server: MockServer::start().await,
        };
        idp.serve(keys, None).await;
        idp
    }

    /// Replaces whatever is served with the JWKS of `keys`, expecting `expect` fetches if given.
    pub async fn serve(&self, keys: &[&SigningKey], expect: Option<u64>) {
        self.server.reset().await;
        let mock = Mock::given(method("GET"))
            .and(path(JWKS_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(keys::jwks(keys)))
            .named("JWKS");
        match expect {
            Some(n) => mock.expect(n).mount(&self.server).await,
            None => mock.mount(&self.server).await,
        }
    }

    /// Replaces whatever is served with `response`.
    pub async fn respond_with(&self, response: ResponseTemplate) {
        self.server.reset().await;
        Mock::given(method("GET"))
            .and(path(JWKS_PATH))
            .respond_with(response)
            .mount(&self.server)
            .await;
    }

    pub fn jwks_url(&self) -> Url {
        Url::parse(&format!("{}{JWKS_PATH}", self.server.uri())).unwrap()
    }

    pub fn settings(&self) -> BearerSettings {
        settings_for(Some(self.jwks_url()))
    }

    pub fn verifier(&self) -> BearerVerifier {
        BearerVerifier::new(&self.settings(), Clock::system()).unwrap()
    }
}

/// Enabled settings with our issuer and audience and, if given, one JWKS URL.
pub fn settings_for(jwks_url: Option<Url>) -> BearerSettings {
    BearerSettings {
        enabled: true,
        issuer: ISSUER.to_owned(),
        audience: AUDIENCE.to_owned(),
        jwks_urls: jwks_url.into_iter().collect(),
        ..BearerSettings::default()
    }
}

/// A loopback URL nothing listens on.
pub fn dead_url() -> Url {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    Url::parse(&format!("http://127.0.0.1:{port}{JWKS_PATH}")).unwrap()
}

pub fn b64_decode(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}
