//! Checks of path parameters shared by the routes.

use crate::problem::ApiError;

/// Longest id accepted in a path: upstream ids are UUIDs or 64 hex characters.
const MAX_ID_LEN: usize = 256;

/// An upstream id from the path: 1 to 256 letters, digits, `-`, `_` and `.`, and not `.` or `..`.
///
/// Anything else is refused before it reaches an upstream, even percent-encoded as one path
/// segment there: Java servers read `;` as the start of matrix parameters (`<id>;x` addresses
/// `<id>`) and `..;` as a parent directory, so such an id could act on another user than the
/// one the audit trail names. (The OpenAPI document states the same pattern.)
pub(crate) fn id<'a>(name: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if value.is_empty()
        || value.len() > MAX_ID_LEN
        || !value.bytes().all(allowed)
        || value == "."
        || value == ".."
    {
        return Err(ApiError::bad_request(format!(
            "`{name}` must be 1 to {MAX_ID_LEN} letters, digits, `-`, `_` or `.` (and not `.` or `..`)"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_letters_digits_dashes_underscores_and_dots() {
        for ok in [
            "8a742ac4-fabd-4580-924c-0281777e3d39",
            "3f9a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
            "a.b_c-D",
            "...",
        ] {
            assert!(id("userId", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "u;x",
            "..;",
            "a/b",
            "a b",
            "a%2F",
            "ü",
            "a\n",
            &"x".repeat(257),
        ] {
            assert!(id("userId", bad).is_err(), "{bad:?}");
        }
    }
}
