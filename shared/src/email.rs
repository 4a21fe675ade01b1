//! E-mail addresses, parsed once: every place that takes an address from outside (sign-in, import,
//! `user add`, the SPA's forms) goes through [`Email::parse`], so comparisons and the database's
//! lower-case CHECK agree.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Longest address accepted (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// A syntactically plausible, lower-cased, trimmed e-mail address.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String")
)]
pub struct Email(String);

/// Why a text is not an e-mail address (the message names what to fix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailError(pub &'static str);

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for EmailError {}

impl Email {
    /// Trims, lower-cases and checks the shape `local@domain.tld` (one `@`, no spaces, a dot in the
    /// domain, at most [`MAX_EMAIL_CHARS`]).
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError("an e-mail address is required"));
        }
        if s.chars().count() > MAX_EMAIL_CHARS {
            return Err(EmailError("an e-mail address has at most 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError("an e-mail address has no spaces"));
        }
        let (local, domain) = s
            .split_once('@')
            .ok_or(EmailError("an e-mail address needs an @"))?;
        if local.is_empty() || domain.contains('@') {
            return Err(EmailError(
                "an e-mail address has one @ with a name before it",
            ));
        }
        if !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
        {
            return Err(EmailError(
                "an e-mail address ends in a domain such as example.edu",
            ));
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = EmailError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_normalises_and_refuses_what_is_not_an_address() {
        assert_eq!(
            Email::parse("  Ines.Baptiste@Students.Example.EDU ").map(|e| e.to_string()),
            Ok("ines.baptiste@students.example.edu".to_owned())
        );
        for bad in [
            "",
            "   ",
            "no-at.example.edu",
            "@example.edu",
            "a@b@c.edu",
            "a b@c.edu",
            "a@localhost",
            "a@.edu",
            "a@c.edu.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let long = format!("{}@example.edu", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn the_wire_form_is_the_normalised_string_and_bad_input_is_refused() {
        let e: Email =
            serde_json::from_str("\"A@Example.edu\"").unwrap_or_else(|_| Email(String::new()));
        assert_eq!(e.as_str(), "a@example.edu");
        assert_eq!(
            serde_json::to_string(&e).ok().as_deref(),
            Some("\"a@example.edu\"")
        );
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }
}
