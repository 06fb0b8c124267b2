//! A validated e-mail address to search by.

use std::fmt;
use std::str::FromStr;

/// The longest address accepted (RFC 5321 path limit).
const MAX_LEN: usize = 254;

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
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InvalidEmail("the e-mail address is empty"));
        }
        if trimmed.len() > MAX_LEN {
            return Err(InvalidEmail(
                "the e-mail address is longer than 254 characters",
            ));
        }
        // The library accepts display-name forms ("Joe <joe@x>") only through its own parser
        // options; a plain address check is what a search field needs.
        if !email_address::EmailAddress::is_valid(trimmed) || trimmed.contains(['<', '>', ' ']) {
            return Err(InvalidEmail(
                "not a valid e-mail address (expected the form name@example.com)",
            ));
        }
        Ok(EmailAddress(trimmed.to_owned()))
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
    fn a_plain_address_is_accepted_and_trimmed() {
        let email: EmailAddress = " Joe.Doe@Example.org "
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(email.as_str(), "Joe.Doe@Example.org");
        assert_eq!(email.cache_key(), "joe.doe@example.org");
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
        ] {
            assert!(bad.parse::<EmailAddress>().is_err(), "{bad:?} was accepted");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(long.parse::<EmailAddress>().is_err());
    }

    #[test]
    fn debug_output_hides_the_address() {
        let email: EmailAddress = "joe@example.com".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(!format!("{email:?}").contains("joe"));
    }
}
