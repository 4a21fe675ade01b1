//! Secrets: argon2id password hashing (on blocking threads), the new-password rule, and random
//! tokens stored only as their SHA-256. No I/O beyond the blocking pool; every layer may use it.

use std::sync::OnceLock;

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

/// Checks `password` against `stored` (or against a dummy hash when there is none) on a blocking
/// thread; `false` for no stored hash.
pub async fn check_password(stored: Option<String>, password: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => verify_password(&hash, &password),
        None => {
            let _ = verify_password(dummy_hash(), &password);
            Ok(false)
        }
    })
    .await
    .context("password check panicked")?
}

/// Hashes on a blocking thread.
pub async fn hash_password_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("password hashing panicked")?
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

    #[test]
    fn short_passwords_are_refused() {
        assert!(validate_new_password("short").is_err());
        assert!(validate_new_password("            ").is_err());
        assert!(validate_new_password("twelve chars").is_ok());
    }
}
