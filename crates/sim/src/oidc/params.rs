//! Form and query parameters as OAuth reads them: a parameter given twice is an error, and one
//! given without a value counts as absent (RFC 6749 §3.1).

use std::collections::BTreeMap;

/// Decoded `application/x-www-form-urlencoded` parameters.
#[derive(Debug, Default)]
pub(crate) struct Params(BTreeMap<String, String>);

impl Params {
    /// Decodes a query string or form body; the error names the repeated parameter.
    pub(crate) fn parse(encoded: &[u8]) -> Result<Params, String> {
        let mut map = BTreeMap::new();
        for (key, value) in url::form_urlencoded::parse(encoded) {
            if value.is_empty() {
                continue;
            }
            if map.insert(key.to_string(), value.into_owned()).is_some() {
                return Err(format!("the parameter `{key}` is given more than once"));
            }
        }
        Ok(Params(map))
    }

    /// The value of `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn repeated_parameters_are_refused_and_empty_ones_ignored() {
        let p = Params::parse(b"a=1&b=&c=x%20y+z").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("b"), None);
        assert_eq!(p.get("c"), Some("x y z"));
        assert!(Params::parse(b"a=1&a=2").unwrap_err().contains("`a`"));
    }
}
