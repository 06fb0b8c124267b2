//! Verification keys: read from JWKS entries and PEM, filtered, and chosen for a token.

use std::sync::Arc;

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{
    AlgorithmParameters, EllipticCurve, Jwk, KeyOperations, PublicKeyUse, ThumbprintHash,
};

use crate::keys::KeyAlgorithm;

/// Largest static public key file read; real PEM public keys are well under 2 KiB.
const MAX_PEM_FILE_BYTES: u64 = 64 * 1024;

/// One public key, bound to exactly one algorithm.
pub(crate) struct VerificationKey {
    pub(crate) kid: Option<String>,
    pub(crate) algorithm: KeyAlgorithm,
    pub(crate) key: DecodingKey,
}

impl VerificationKey {
    /// A JWKS entry we may use, or why not. The algorithm comes from the key type; a declared
    /// `alg` must agree with it, so e.g. an RSA key claiming `HS256` is dropped, never used.
    pub(crate) fn from_jwk(jwk: &Jwk, allowed: &[KeyAlgorithm]) -> Result<Self, &'static str> {
        match &jwk.common.public_key_use {
            None | Some(PublicKeyUse::Signature) => {}
            Some(_) => return Err("`use` is not `sig`"),
        }
        if let Some(ops) = &jwk.common.key_operations {
            if !ops.contains(&KeyOperations::Verify) {
                return Err("`key_ops` does not include `verify`");
            }
        }
        let algorithm = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => KeyAlgorithm::Rs256,
            AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => {
                KeyAlgorithm::Es256
            }
            AlgorithmParameters::OctetKeyPair(p) if p.curve == EllipticCurve::Ed25519 => {
                KeyAlgorithm::EdDsa
            }
            AlgorithmParameters::OctetKey(_) => return Err("symmetric keys are never used"),
            _ => return Err("unsupported key type or curve"),
        };
        if let Some(declared) = jwk.common.key_algorithm {
            if KeyAlgorithm::from_name(&declared.to_string()) != Some(algorithm) {
                return Err("`alg` does not match the key type");
            }
        }
        if !allowed.contains(&algorithm) {
            return Err("the key's algorithm is not in bearer.algorithms");
        }
        let key = DecodingKey::from_jwk(jwk).map_err(|_| "the key parameters do not decode")?;
        Ok(VerificationKey {
            kid: jwk.common.key_id.clone(),
            algorithm,
            key,
        })
    }

    /// A `bearer.public_keys` entry: SPKI PEM text, or the path of a file holding it. Its kid is
    /// the RFC 7638 thumbprint, since a bare PEM key has no name of its own.
    pub(crate) fn from_settings_entry(
        entry: &str,
        allowed: &[KeyAlgorithm],
    ) -> Result<Self, String> {
        let text = if entry.trim_start().starts_with("-----BEGIN") {
            entry.to_owned()
        } else {
            read_pem_file(entry)?
        };
        let parsed = pem::parse(&text).map_err(|_| "not PEM text".to_owned())?;
        match parsed.tag() {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => {}
            tag if tag.contains("PRIVATE") => {
                return Err("a private key; configure the public key only".to_owned());
            }
            _ => return Err("expected a `PUBLIC KEY` PEM block".to_owned()),
        }
        let pem_bytes = text.as_bytes();
        let key = DecodingKey::from_rsa_pem(pem_bytes)
            .or_else(|_| DecodingKey::from_ec_pem(pem_bytes))
            .or_else(|_| DecodingKey::from_ed_pem(pem_bytes))
            .map_err(|_| "not an RSA, EC or Ed25519 public key".to_owned())?;
        let mut jwk = Jwk::from_decoding_key(&key, None)
            .map_err(|_| "unsupported public key (RSA, P-256 or Ed25519 only)".to_owned())?;
        jwk.common.key_id = Some(
            jwk.thumbprint(ThumbprintHash::SHA256)
                .map_err(|_| "unsupported public key (RSA, P-256 or Ed25519 only)".to_owned())?,
        );
        Self::from_jwk(&jwk, allowed).map_err(str::to_owned)
    }
}

fn read_pem_file(path: &str) -> Result<String, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {path}: {e}"))?
        .len();
    if size > MAX_PEM_FILE_BYTES {
        return Err(format!("{path} is larger than a public key file can be"));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// The key for a token: by `kid` and algorithm together, or, for a token without a `kid`, the
/// only key of its algorithm. Several candidates without a kid to tell them apart is no match.
pub(crate) fn select<'a>(
    keys: impl Iterator<Item = &'a Arc<VerificationKey>>,
    algorithm: KeyAlgorithm,
    kid: Option<&str>,
) -> Option<Arc<VerificationKey>> {
    let mut candidates = keys.filter(|key| key.algorithm == algorithm);
    match kid {
        Some(kid) => candidates
            .find(|key| key.kid.as_deref() == Some(kid))
            .cloned(),
        None => match (candidates.next(), candidates.next()) {
            (Some(only), None) => Some(Arc::clone(only)),
            _ => None,
        },
    }
}
