//! Secrets: argon2id password hashing (on blocking threads, at most [`max_concurrent_hashes`] at
//! once), the new-password rule, and random tokens stored only as their SHA-256. No I/O beyond the
//! blocking pool; every layer may use it.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

/// A random 256-bit token (hex) and its SHA-256 (hex).
pub fn new_token() -> anyhow::Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let token = hex(&bytes);
    let hash = sha256_hex(&token);
    Ok((token, hash))
}

pub fn sha256_hex(s: &str) -> String {
    sha256_hex_bytes(s.as_bytes())
}

/// SHA-256 of `bytes`, lower-case hex (an allocation input's hash).
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// argon2id PHC string of `password` (CPU-heavy: call from a blocking thread).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string())
}

/// Whether `password` matches the stored hash. A hash that does not parse is an error (a corrupt
/// row), never a silent "no".
pub fn verify_password(stored: &str, password: &str) -> anyhow::Result<bool> {
    let parsed =
        PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash is corrupt: {e}"))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A hash nobody's password matches, verified against when the account does not exist (or has no
/// password), so an unknown e-mail takes as long to refuse as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("no account has this password, it only spends time")
            .unwrap_or_else(|_| String::new())
    })
}

/// Why a bounded hash did not run or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every hashing slot stayed taken for the whole wait: the server is busy (503, try again
    /// after this many seconds).
    #[error("too many password checks at once; try again in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// How many argon2 hashes or verifications (about 19 MiB of memory each) run at once in this
/// process: twice the cores, at least 4.
pub fn max_concurrent_hashes() -> usize {
    (std::thread::available_parallelism().map_or(1, |n| n.get()) * 2).max(4)
}
/// How long a request waits for a hashing slot before it is answered 503.
pub const HASH_WAIT: Duration = Duration::from_secs(2);

/// A bound on concurrent CPU- and memory-heavy work on the blocking pool: at most `slots` jobs run
/// at once; a job that cannot start within `wait` is refused with [`HashError::Busy`] instead of
/// queueing without end (so a flood of sign-ins costs bounded memory and answers fast).
#[derive(Debug, Clone)]
pub struct Bounded {
    slots: Arc<tokio::sync::Semaphore>,
    wait: Duration,
}

impl Bounded {
    pub fn new(slots: usize, wait: Duration) -> Bounded {
        Bounded {
            slots: Arc::new(tokio::sync::Semaphore::new(slots)),
            wait,
        }
    }

    /// Runs `job` on a blocking thread once a slot is free. The slot is released when the job ends,
    /// even if the caller stopped waiting for it (a dropped request).
    pub async fn run<T, F>(&self, job: F) -> Result<T, HashError>
    where
        F: FnOnce() -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let permit = match tokio::time::timeout(self.wait, Arc::clone(&self.slots).acquire_owned())
            .await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(closed)) => return Err(anyhow::anyhow!("hashing slots closed: {closed}").into()),
            Err(_elapsed) => {
                return Err(HashError::Busy {
                    retry_after_secs: self.wait.as_secs().max(1),
                });
            }
        };
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            job()
        })
        .await
        .context("password hashing panicked")?
        .map_err(HashError::Failed)
    }
}

/// The process's one bound on password hashing.
fn hashing() -> &'static Bounded {
    static HASHING: OnceLock<Bounded> = OnceLock::new();
    HASHING.get_or_init(|| Bounded::new(max_concurrent_hashes(), HASH_WAIT))
}

/// Checks `password` against `stored` (or against a dummy hash when there is none) on a blocking
/// thread, within the hashing bound; `false` for no stored hash.
pub async fn check_password(stored: Option<String>, password: String) -> Result<bool, HashError> {
    hashing()
        .run(move || match stored {
            Some(hash) => verify_password(&hash, &password),
            None => {
                let _ = verify_password(dummy_hash(), &password);
                Ok(false)
            }
        })
        .await
}

/// Hashes on a blocking thread, within the hashing bound.
pub async fn hash_password_blocking(password: String) -> Result<String, HashError> {
    hashing().run(move || hash_password(&password)).await
}

/// A new password must be long enough and not absurdly long.
pub fn validate_new_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < shared::MIN_PASSWORD_CHARS {
        return Err(format!(
            "must be at least {} characters",
            shared::MIN_PASSWORD_CHARS
        ));
    }
    if n > shared::MAX_PASSWORD_CHARS {
        return Err(format!(
            "must be at most {} characters",
            shared::MAX_PASSWORD_CHARS
        ));
    }
    if password.trim().is_empty() {
        return Err("must not be blank".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() -> anyhow::Result<()> {
        let h = hash_password("correct horse battery")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery")?);
        assert!(!verify_password(&h, "correct horse battery!")?);
        assert!(verify_password("not a hash", "x").is_err());
        Ok(())
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() -> anyhow::Result<()> {
        let (a, ha) = new_token()?;
        let (b, _) = new_token()?;
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(ha, sha256_hex(&a));
        assert_ne!(ha, a);
        Ok(())
    }

    #[tokio::test]
    async fn a_hash_waits_for_a_slot_and_is_refused_busy_when_none_frees_in_time() {
        let bound = Bounded::new(1, Duration::from_millis(50));
        assert_eq!(
            bound.run(|| Ok(7)).await.ok(),
            Some(7),
            "a free slot runs the job"
        );
        let held = Arc::clone(&bound.slots).acquire_owned().await;
        assert!(held.is_ok());
        match bound.run(|| Ok(8)).await {
            Err(HashError::Busy { retry_after_secs }) => assert_eq!(retry_after_secs, 1),
            other => panic!("expected Busy while the only slot is held, got {other:?}"),
        }
        drop(held);
        assert_eq!(
            bound.run(|| Ok(9)).await.ok(),
            Some(9),
            "the slot is free again"
        );
    }

    #[tokio::test]
    async fn a_slot_is_released_when_its_job_fails() {
        let bound = Bounded::new(1, Duration::from_millis(50));
        let failed = bound
            .run(|| -> anyhow::Result<()> { anyhow::bail!("no") })
            .await;
        assert!(matches!(failed, Err(HashError::Failed(_))));
        assert_eq!(bound.run(|| Ok(1)).await.ok(), Some(1));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(validate_new_password("short").is_err());
        assert!(validate_new_password("            ").is_err());
        assert!(validate_new_password("twelve chars").is_ok());
    }
}
