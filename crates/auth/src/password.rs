//! Password hashing with Argon2id.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use tokio::sync::Semaphore;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// A PHC-format Argon2id hash of `password` with a fresh salt (OWASP's parameters, the crate's
/// defaults: 19 MiB, 2 passes, 1 lane).
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `hash` is a PHC string this module can verify.
pub fn is_valid_hash(hash: &str) -> bool {
    PasswordHash::new(hash).is_ok()
}

/// Whether `password` matches `hash`. Slow on purpose; call from a blocking thread.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Every hashing slot and queue place is taken: the check was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("password checks are busy")]
pub struct HashingBusy;

/// Where password checks run: at most `workers` at once (each Argon2 check holds 19 MiB), at most
/// `queue` more waiting; beyond that a check is refused at once rather than queued without bound.
#[derive(Debug, Clone)]
pub struct HashingPool {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

impl HashingPool {
    /// A pool running `workers` checks at once with `queue` more waiting.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        HashingPool {
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(Semaphore::new(workers.saturating_add(queue))),
        }
    }

    /// Whether `password` matches `hash`, checked on a blocking thread when a slot is free.
    pub async fn verify(&self, hash: String, password: String) -> Result<bool, HashingBusy> {
        let _admitted = Arc::clone(&self.admitted)
            .try_acquire_owned()
            .map_err(|_| HashingBusy)?;
        let _running = self.running.acquire().await.map_err(|_| HashingBusy)?;
        tokio::task::spawn_blocking(move || verify_password(&hash, &password))
            .await
            .map_err(|_| HashingBusy)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[tokio::test]
    async fn a_full_pool_refuses_at_once_and_frees_its_places() {
        let pool = HashingPool::new(1, 1);
        let hash = hash_password("pw").unwrap();
        let held = Arc::clone(&pool.admitted)
            .try_acquire_many_owned(2)
            .unwrap();
        assert_eq!(
            pool.verify(hash.clone(), "pw".into()).await,
            Err(HashingBusy),
            "no place: refused without hashing"
        );
        drop(held);
        assert_eq!(pool.verify(hash.clone(), "pw".into()).await, Ok(true));
        assert_eq!(pool.verify(hash, "wrong".into()).await, Ok(false));
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "correct horsf"));
        assert!(!verify_password("not a hash", "correct horse"));
        assert_ne!(hash, hash_password("correct horse").unwrap(), "salted");
    }
}
