//! Checks of path parameters shared by the routes.

use crate::problem::ApiError;

/// Longest id accepted in a path: upstream ids are UUIDs or 64 hex characters.
const MAX_ID_LEN: usize = 256;

/// An upstream id from the path, refused when it cannot be one (empty, huge, control characters).
/// Ids are percent-encoded as one path segment upstream, so no other character needs refusing.
pub(crate) fn id<'a>(name: &str, value: &'a str) -> Result<&'a str, ApiError> {
    if value.is_empty() || value.len() > MAX_ID_LEN || value.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "`{name}` must be 1 to {MAX_ID_LEN} characters without control characters"
        )));
    }
    Ok(value)
}
