//! Query strings with repeated keys (`event_type=A&event_type=B`), which serde maps lose.

use std::str::FromStr;

use actix_web::web;

/// The decoded `key=value` pairs of a query string, in order.
pub(crate) struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    /// Decodes a raw query string.
    pub(crate) fn parse(query: &str) -> Result<QueryPairs, String> {
        web::Query::<Vec<(String, String)>>::from_query(query)
            .map(|q| QueryPairs(q.into_inner()))
            .map_err(|e| format!("Malformed query string: {e}"))
    }

    /// The first non-empty value of `key`.
    pub(crate) fn first<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        self.all(key).next()
    }

    /// Every non-empty value of `key`; comma-separated lists are split too.
    pub(crate) fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The first value of `key` as a `T`; `Ok(None)` when absent, `Err` when unreadable.
    pub(crate) fn number<T: FromStr>(&self, key: &str) -> Result<Option<T>, ()> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().parse::<T>().map_err(|_| ()))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn repeated_and_comma_separated_values() {
        let q = QueryPairs::parse("event_type=A&event_type=B,C&size=5&x=").unwrap();
        assert_eq!(q.all("event_type").collect::<Vec<_>>(), ["A", "B", "C"]);
        assert_eq!(q.number::<u64>("size"), Ok(Some(5)));
        assert_eq!(q.number::<u64>("page"), Ok(None));
        assert_eq!(q.first("x"), None);
        let q = QueryPairs::parse("size=abc").unwrap();
        assert_eq!(q.number::<u64>("size"), Err(()));
    }
}
