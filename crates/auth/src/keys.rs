//! Signing keys: generation, storage, JWKS, and minting tokens.
//!
//! The demo mode and the `token` subcommand sign bearer tokens with a [`SigningKey`]; tests use it
//! to play an identity provider. Keys are created and parsed with aws-lc-rs (already in the tree
//! through rustls) and tokens are signed through jsonwebtoken, the same library that verifies
//! them in [`crate::jwt`].

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, EllipticCurveKeyParameters,
    EllipticCurveKeyType, Jwk, JwkSet, OctetKeyPairParameters, OctetKeyPairType, PublicKeyUse,
    RSAKeyParameters, RSAKeyType, ThumbprintHash,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// The signature algorithms bearer tokens may use. Deliberately only asymmetric ones: an HMAC
/// "key" would have to be a shared secret, and `none` is no signature at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RSA keys of 2048 bits or more).
    Rs256,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// Ed25519.
    EdDsa,
}

impl KeyAlgorithm {
    /// Every supported algorithm, in the order of the default allow-list.
    pub const ALL: [KeyAlgorithm; 3] = [Self::Rs256, Self::Es256, Self::EdDsa];

    /// The JOSE name (`RS256`, `ES256`, `EdDSA`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// Parses a JOSE name, exactly as spelt in a JWT header; anything else is `None`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// The jsonwebtoken algorithm.
    pub fn jwt_algorithm(self) -> Algorithm {
        match self {
            Self::Rs256 => Algorithm::RS256,
            Self::Es256 => Algorithm::ES256,
            Self::EdDsa => Algorithm::EdDSA,
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a key could not be made, read, or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The crypto library failed to generate a key.
    #[error("could not generate a {0} key")]
    Generation(KeyAlgorithm),
    /// The PEM text is not an unencrypted PKCS#8 private key of the expected algorithm.
    #[error("not a PKCS#8 {algorithm} private key: {reason}")]
    InvalidKey {
        /// The algorithm the key was expected to have.
        algorithm: KeyAlgorithm,
        /// What is wrong (never key material).
        reason: &'static str,
    },
    /// The claims cannot make a token (a zero or overflowing lifetime, a clash of claim names).
    #[error("invalid token claims: {0}")]
    InvalidClaims(String),
    /// Signing failed.
    #[error("could not sign the token: {0}")]
    Signing(String),
}

/// What [`SigningKey::mint`] puts in a token.
#[derive(Clone, Debug)]
pub struct MintClaims {
    /// `iss`.
    pub issuer: String,
    /// `aud`.
    pub audience: String,
    /// `sub`: the agent's user name.
    pub subject: String,
    /// `name`: the agent's display name.
    pub name: Option<String>,
    /// Authorities, written as a JSON array under [`MintClaims::authorities_claim`].
    pub authorities: Vec<String>,
    /// The claim name the authorities go under (the verifier's `bearer.authorities_claim`).
    pub authorities_claim: String,
    /// Lifetime: `exp` is `iat` plus this.
    pub ttl: Duration,
    /// `nbf` as Unix seconds; the issue time when absent.
    pub not_before: Option<i64>,
}

/// A private signing key with its key id. `Debug` shows the kid and algorithm only.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    algorithm: KeyAlgorithm,
    pkcs8: Zeroizing<Vec<u8>>,
    encoding: EncodingKey,
    public: PublicParts,
}

/// The public half, kept in the shapes a JWK and a PEM need.
#[derive(Clone)]
struct PublicParts {
    params: AlgorithmParameters,
    spki_der: Vec<u8>,
}

impl SigningKey {
    /// Generates a fresh key: RSA 2048, P-256, or Ed25519.
    pub fn generate(algorithm: KeyAlgorithm, kid: impl Into<String>) -> Result<Self, KeyError> {
        let failed = |_| KeyError::Generation(algorithm);
        let rng = SystemRandom::new();
        let pkcs8 = match algorithm {
            KeyAlgorithm::Rs256 => {
                let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(failed)?;
                pair.as_der().map_err(failed)?.as_ref().to_vec()
            }
            KeyAlgorithm::Es256 => {
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
                    .map_err(failed)?
                    .as_ref()
                    .to_vec()
            }
            // PKCS#8 v1, the form OpenSSL reads and writes.
            KeyAlgorithm::EdDsa => Ed25519KeyPair::generate_pkcs8v1(&rng)
                .map_err(failed)?
                .as_ref()
                .to_vec(),
        };
        Self::from_pkcs8(kid.into(), algorithm, Zeroizing::new(pkcs8))
    }

    /// Reads an unencrypted PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`), as written by
    /// [`SigningKey::to_pem`] or `openssl genpkey`. The key must be of `algorithm`.
    pub fn from_pem(
        kid: impl Into<String>,
        algorithm: KeyAlgorithm,
        pem_text: &str,
    ) -> Result<Self, KeyError> {
        let invalid = |reason| KeyError::InvalidKey { algorithm, reason };
        let parsed = pem::parse(pem_text).map_err(|_| invalid("not PEM"))?;
        if parsed.tag() != "PRIVATE KEY" {
            return Err(invalid("expected a `PRIVATE KEY` (PKCS#8) block"));
        }
        Self::from_pkcs8(
            kid.into(),
            algorithm,
            Zeroizing::new(parsed.into_contents()),
        )
    }

    fn from_pkcs8(
        kid: String,
        algorithm: KeyAlgorithm,
        pkcs8: Zeroizing<Vec<u8>>,
    ) -> Result<Self, KeyError> {
        let invalid = |reason| KeyError::InvalidKey { algorithm, reason };
        let rejected = || invalid("the key does not parse as this algorithm");
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        let (encoding, public) = match algorithm {
            KeyAlgorithm::Rs256 => {
                let pair = RsaKeyPair::from_pkcs8(&pkcs8).map_err(|_| rejected())?;
                if pair.public_modulus_len() < 256 {
                    return Err(invalid("RSA keys must have at least 2048 bits"));
                }
                let parts = PublicKeyComponents::<Vec<u8>>::from(pair.public_key());
                let spki = pair.public_key().as_der().map_err(|_| rejected())?;
                // jsonwebtoken's RSA signer wants PKCS#1; its PEM reader unwraps our PKCS#8.
                let pem_text = Zeroizing::new(to_pem("PRIVATE KEY", &pkcs8));
                let encoding =
                    EncodingKey::from_rsa_pem(pem_text.as_bytes()).map_err(|_| rejected())?;
                let params = AlgorithmParameters::RSA(RSAKeyParameters {
                    key_type: RSAKeyType::RSA,
                    n: b64(&parts.n),
                    e: b64(&parts.e),
                });
                (encoding, PublicParts::new(params, spki.as_ref()))
            }
            KeyAlgorithm::Es256 => {
                let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8)
                    .map_err(|_| rejected())?;
                // An uncompressed P-256 point: 0x04, then 32 bytes of x and 32 of y.
                let point = pair.public_key().as_ref();
                let (Some(x), Some(y)) = (point.get(1..33), point.get(33..65)) else {
                    return Err(invalid("unexpected public point encoding"));
                };
                let params = AlgorithmParameters::EllipticCurve(EllipticCurveKeyParameters {
                    key_type: EllipticCurveKeyType::EC,
                    curve: EllipticCurve::P256,
                    x: b64(x),
                    y: b64(y),
                });
                let spki = pair.public_key().as_der().map_err(|_| rejected())?;
                let encoding = EncodingKey::from_ec_der(&pkcs8);
                (encoding, PublicParts::new(params, spki.as_ref()))
            }
            KeyAlgorithm::EdDsa => {
                let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| rejected())?;
                let params = AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                    key_type: OctetKeyPairType::OctetKeyPair,
                    curve: EllipticCurve::Ed25519,
                    x: b64(pair.public_key().as_ref()),
                });
                let spki = pair.public_key().as_der().map_err(|_| rejected())?;
                let encoding = EncodingKey::from_ed_der(&pkcs8);
                (encoding, PublicParts::new(params, spki.as_ref()))
            }
        };
        Ok(SigningKey {
            kid,
            algorithm,
            pkcs8,
            encoding,
            public,
        })
    }

    /// The key id, written into the `kid` header of every token this key signs.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    /// The same key under another key id.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = kid.into();
        self
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key (base64url). A key configured in
    /// `bearer.public_keys` is known to the verifier under this id, so mint with
    /// `key.clone().with_kid(key.thumbprint())` when the verifier reads the public PEM.
    pub fn thumbprint(&self) -> String {
        let jwk = Jwk {
            common: CommonParameters::default(),
            algorithm: self.public.params.clone(),
        };
        // Only fails for curves a SigningKey never has.
        jwk.thumbprint(ThumbprintHash::SHA256).unwrap_or_default()
    }

    /// The private key as PKCS#8 PEM. Secret: store it with mode 0600 and never log it.
    pub fn to_pem(&self) -> String {
        to_pem("PRIVATE KEY", &self.pkcs8)
    }

    /// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for `bearer.public_keys`.
    pub fn public_pem(&self) -> String {
        to_pem("PUBLIC KEY", &self.public.spki_der)
    }

    /// The public key as a JWK with `kid`, `alg` and `use: sig`.
    pub fn public_jwk(&self) -> Jwk {
        Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_algorithm: Some(self.algorithm.jwt_algorithm().into()),
                key_id: Some(self.kid.clone()),
                ..CommonParameters::default()
            },
            algorithm: self.public.params.clone(),
        }
    }

    /// Signs arbitrary claims with this key's algorithm and `kid`. Prefer [`SigningKey::mint`];
    /// this is for tests and tools that need claims `mint` does not write.
    pub fn sign<C: Serialize>(&self, claims: &C) -> Result<String, KeyError> {
        let mut header = Header::new(self.algorithm.jwt_algorithm());
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .map_err(|e| KeyError::Signing(e.to_string()))
    }

    /// Mints a bearer token: `iss`, `aud`, `sub`, `name`, `iat`, `nbf`, `exp` and the
    /// authorities under their configured claim name.
    pub fn mint(&self, claims: &MintClaims) -> Result<String, KeyError> {
        let now = unix_now();
        let ttl = i64::try_from(claims.ttl.as_secs())
            .ok()
            .filter(|secs| *secs > 0)
            .ok_or_else(|| KeyError::InvalidClaims("ttl must be at least one second".into()))?;
        let exp = now
            .checked_add(ttl)
            .ok_or_else(|| KeyError::InvalidClaims("ttl is too long".into()))?;
        let mut body = Map::new();
        body.insert("iss".into(), claims.issuer.clone().into());
        body.insert("aud".into(), claims.audience.clone().into());
        body.insert("sub".into(), claims.subject.clone().into());
        if let Some(name) = &claims.name {
            body.insert("name".into(), name.clone().into());
        }
        body.insert("iat".into(), now.into());
        body.insert("nbf".into(), claims.not_before.unwrap_or(now).into());
        body.insert("exp".into(), exp.into());
        let authorities = Value::from(claims.authorities.clone());
        // A claim name such as `sub` or `exp` would silently overwrite a registered claim.
        if body
            .insert(claims.authorities_claim.clone(), authorities)
            .is_some()
            || claims.authorities_claim.is_empty()
        {
            return Err(KeyError::InvalidClaims(format!(
                "`{}` cannot hold the authorities",
                claims.authorities_claim
            )));
        }
        self.sign(&body)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("algorithm", &self.algorithm)
            .field("private_key", &"[redacted]")
            .finish()
    }
}

impl PublicParts {
    fn new(params: AlgorithmParameters, spki_der: &[u8]) -> Self {
        PublicParts {
            params,
            spki_der: spki_der.to_vec(),
        }
    }
}

/// A JWK set of the public halves of `keys`, as an identity provider would serve it.
pub fn jwks(keys: &[&SigningKey]) -> JwkSet {
    JwkSet {
        keys: keys.iter().map(|key| key.public_jwk()).collect(),
    }
}

fn to_pem(tag: &str, der: &[u8]) -> String {
    pem::encode(&pem::Pem::new(tag, der))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
