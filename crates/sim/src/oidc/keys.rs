//! The provider's RS256 signing key: generated once, published as a JWKS, signing ID tokens.

use std::io;
use std::sync::{Arc, OnceLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse,
    RSAKeyParameters, RSAKeyType, ThumbprintHash,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

/// An RSA 2048 key pair. `Debug` shows the key id only.
pub(crate) struct ProviderKey {
    kid: String,
    encoding: EncodingKey,
    public: Jwk,
}

impl std::fmt::Debug for ProviderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The key of this process, made on first use. Every simulator in one process shares it: RSA
/// generation is slow, and a test binary may start a hundred simulators. It never leaves the
/// process, and a new process has a new key.
pub(crate) async fn process_key() -> io::Result<Arc<ProviderKey>> {
    static KEY: OnceLock<Result<Arc<ProviderKey>, String>> = OnceLock::new();
    // Generation is CPU work: keep it off the async workers (a blocking thread may wait on
    // another one that is generating).
    let key = tokio::task::spawn_blocking(|| {
        KEY.get_or_init(|| ProviderKey::generate().map(Arc::new))
            .clone()
    })
    .await
    .map_err(io::Error::other)?;
    key.map_err(io::Error::other)
}

impl ProviderKey {
    /// A fresh RSA 2048 key; its id is its RFC 7638 thumbprint.
    pub(crate) fn generate() -> Result<ProviderKey, String> {
        let failed = |what: &str| format!("the OIDC signing key: {what}");
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| failed("generation failed"))?;
        let pkcs8 = pair.as_der().map_err(|_| failed("no PKCS#8 form"))?;
        // jsonwebtoken signs with PKCS#1; its PEM reader unwraps our PKCS#8.
        let pem_text = pem::encode(&pem::Pem::new("PRIVATE KEY", pkcs8.as_ref()));
        let encoding = EncodingKey::from_rsa_pem(pem_text.as_bytes())
            .map_err(|_| failed("jsonwebtoken refused it"))?;
        let parts = PublicKeyComponents::<Vec<u8>>::from(pair.public_key());
        let mut public = Jwk {
            common: CommonParameters::default(),
            algorithm: AlgorithmParameters::RSA(RSAKeyParameters {
                key_type: RSAKeyType::RSA,
                n: URL_SAFE_NO_PAD.encode(&parts.n),
                e: URL_SAFE_NO_PAD.encode(&parts.e),
            }),
        };
        let kid = public
            .thumbprint(ThumbprintHash::SHA256)
            .map_err(|_| failed("no thumbprint"))?;
        public.common = CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::RS256),
            key_id: Some(kid.clone()),
            ..CommonParameters::default()
        };
        Ok(ProviderKey {
            kid,
            encoding,
            public,
        })
    }

    /// The JWKS document: the public half only.
    pub(crate) fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: vec![self.public.clone()],
        }
    }

    /// Signs `claims` as an RS256 JWT with this key's `kid`.
    pub(crate) fn sign<C: Serialize>(&self, claims: &C) -> Result<String, String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_jwks_holds_the_public_half_and_verifies_what_the_key_signs() {
        let key = ProviderKey::generate().unwrap();
        let jwks = serde_json::to_value(key.jwks()).unwrap();
        let jwk = &jwks["keys"][0];
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["alg"], "RS256");
        assert_eq!(jwk["use"], "sig");
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(jwk.get(private).is_none(), "{private} published");
        }
        let token = key.sign(&serde_json::json!({"sub": "agent"})).unwrap();
        let decoding = jsonwebtoken::DecodingKey::from_jwk(&key.jwks().keys[0]).unwrap();
        let mut validation = jsonwebtoken::Validation::new(Algorithm::RS256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let data =
            jsonwebtoken::decode::<serde_json::Value>(&token, &decoding, &validation).unwrap();
        assert_eq!(data.claims["sub"], "agent");
        assert_eq!(data.header.kid.as_deref(), Some(key.kid.as_str()));
    }
}
