//! A JSON request body that may be absent.

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::problem::{ApiError, ProblemType};

/// The largest body accepted where a body is optional.
const LIMIT: usize = 16 * 1024;

fn too_large() -> ApiError {
    ApiError::new(
        ProblemType::BodyTooLarge,
        format!("The body may be at most {LIMIT} bytes."),
    )
}

/// An optional JSON body: absent or empty gives `T::default()`; anything else must be JSON of `T`.
/// (actix's `Option<Json<T>>` would silently drop a malformed body instead of refusing it.)
#[derive(Debug)]
pub(crate) struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(|_| too_large())?;
            if bytes.len() > LIMIT {
                return Err(too_large());
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(T::default()));
            }
            if !matches!(content_type.as_deref(), Some("application/json")) {
                return Err(ApiError::new(
                    ProblemType::UnsupportedMediaType,
                    "Send the body with Content-Type: application/json.",
                ));
            }
            // `null` is the JSON for "no body" too.
            serde_json::from_slice::<Option<T>>(&bytes)
                .map(|body| OptionalJson(body.unwrap_or_default()))
                .map_err(|e| ApiError::bad_request(format!("The JSON body is not valid: {e}")))
        })
    }
}
