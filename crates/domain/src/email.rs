//! A validated e-mail address to search by.
//!
//! What is accepted is exactly [`EMAIL_PATTERN`] within 3 to 254 characters, which the OpenAPI
//! document states too, so the document and the code cannot disagree about what a valid
//! address is: a local part of 1 to 64 characters of what RFC 5322 allows unquoted (dots
//! anywhere), `@`, and a domain of letters, digits, dots and hyphens that starts and ends with
//! a letter or digit. Quoted local parts, comments, address literals and non-ASCII addresses are
//! refused; CIM compares addresses as text, so those would find nobody anyway.

use std::fmt;
use std::str::FromStr;

/// The longest address accepted (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// The longest local part accepted (RFC 5321).
const MAX_LOCAL_LEN: usize = 64;
/// The addresses accepted, as a regular expression (with [`MAX_EMAIL_LEN`] on top).
pub const EMAIL_PATTERN: &str =
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$";

/// An e-mail address that passed validation, kept as typed (trimmed).
///
/// Its `Debug` output hides the address, so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

/// Why a text is not an e-mail address we search by.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidEmail(&'static str);

impl EmailAddress {
    /// The address as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key searches are cached by: CIM compares addresses case-insensitively.
    pub(crate) fn cache_key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl FromStr for EmailAddress {
    type Err = InvalidEmail;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        if input.is_empty() {
            return Err(InvalidEmail("the e-mail address is empty"));
        }
        if input.len() > MAX_EMAIL_LEN {
            return Err(InvalidEmail(
                "the e-mail address is longer than 254 characters",
            ));
        }
        let valid = input
            .split_once('@')
            .is_some_and(|(local, domain)| is_local_part(local) && is_domain(domain));
        if !valid {
            return Err(InvalidEmail(
                "not a valid e-mail address (expected the form name@example.com, at most 64 characters before the @)",
            ));
        }
        Ok(EmailAddress(input.to_owned()))
    }
}

/// `[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}`
fn is_local_part(local: &str) -> bool {
    (1..=MAX_LOCAL_LEN).contains(&local.len())
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
}

/// `[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?` (its length is bounded by the whole address's).
fn is_domain(domain: &str) -> bool {
    let bytes = domain.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        }
        _ => false,
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_address_is_accepted_as_given() {
        let email: EmailAddress = "Joe.Doe@Example.org"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(email.as_str(), "Joe.Doe@Example.org");
        assert_eq!(email.cache_key(), "joe.doe@example.org");
        for ok in [
            "a+tag@x.io",
            "o'hara@example.com",
            "x@localhost",
            &format!("{}@example.com", "a".repeat(64)),
        ] {
            assert!(ok.parse::<EmailAddress>().is_ok(), "{ok:?} was refused");
        }
    }

    #[test]
    fn texts_that_are_not_addresses_are_refused_with_a_reason() {
        for bad in [
            "",
            "   ",
            "joe",
            "joe@",
            "@example.com",
            "Joe <joe@example.com>",
            "a b@example.com",
            " joe@example.com",
            "joe@-example.com",
            "joe@example.com.",
            "jö@example.com",
            "a@b@example.com",
        ] {
            assert!(bad.parse::<EmailAddress>().is_err(), "{bad:?} was accepted");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(long_local.parse::<EmailAddress>().is_err());
        let long = format!("a@{}.com", "b".repeat(250));
        assert!(long.parse::<EmailAddress>().is_err());
    }

    #[test]
    fn debug_output_hides_the_address() {
        let email: EmailAddress = "joe@example.com".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(!format!("{email:?}").contains("joe"));
    }
}
