//! HTTP Basic authentication of the vendor routes.

use actix_web::http::header::{AUTHORIZATION, HeaderMap};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq;

use crate::route_id::Api;
use crate::store::{Credentials, SimState};

/// Checks the `Authorization` header against the credentials of `api` (each API has its own,
/// ONEGINI-APIS.md §8); returns the authenticated user (the API client id) or `None` for
/// anything missing, malformed or wrong.
pub(crate) fn authenticate(state: &SimState, api: Api, headers: &HeaderMap) -> Option<String> {
    let expected = state.credentials(api)?;
    let (mut user, mut password) = basic_credentials(headers)?;
    if api.is_token_server() {
        // The Token Server form-urlencodes id and secret before joining them (§1).
        user = form_decoded(&user);
        password = form_decoded(&password);
    }
    accepts(expected, &user, &password).then_some(user)
}

/// `application/x-www-form-urlencoded` text decoded (`+` is a space, `%XX` a byte).
fn form_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Decodes `Authorization: Basic base64(user:password)`; the scheme is case-insensitive.
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

fn accepts(expected: &Credentials, user: &str, password: &str) -> bool {
    // Compare both in full, so that timing does not tell which one was wrong.
    let user_ok = bool::from(expected.user.as_bytes().ct_eq(user.as_bytes()));
    let password_ok = bool::from(expected.password.as_bytes().ct_eq(password.as_bytes()));
    user_ok & password_ok
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn token_server_credentials_are_read_form_urlencoded() {
        assert_eq!(form_decoded("s%3Ac+r%25t%2B"), "s:c r%t+");
        assert_eq!(form_decoded("plain_secret-1"), "plain_secret-1");
    }

    #[test]
    fn decodes_basic_credentials() {
        let encoded = STANDARD.encode("user:pa:ss");
        assert_eq!(
            basic_credentials(&headers(&format!("basic {encoded}"))),
            Some(("user".into(), "pa:ss".into()))
        );
        assert_eq!(basic_credentials(&headers("Basic !!!")), None);
        assert_eq!(basic_credentials(&headers("Bearer abc")), None);
        assert_eq!(basic_credentials(&headers("Basic")), None);
        assert_eq!(basic_credentials(&HeaderMap::new()), None);
        let no_colon = STANDARD.encode("user");
        assert_eq!(
            basic_credentials(&headers(&format!("Basic {no_colon}"))),
            None
        );
    }
}
