//! The HTTP client openidconnect calls the provider with: our reqwest, bounded in time and size,
//! never following redirects (a redirect could send the token request, with the client secret
//! and the code, somewhere else).

use std::time::Duration;

use openidconnect::{HttpRequest, HttpResponse};

/// Largest provider answer read (discovery, JWKS, token response).
const MAX_BODY_BYTES: usize = 256 * 1024;

/// Why a call to the provider failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderHttpError {
    /// The request could not be sent or the answer not read (connection, timeout).
    #[error("the provider could not be reached: {0}")]
    Transport(reqwest::Error),
    /// The answer is larger than we read.
    #[error("the provider's answer is larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    /// The answer could not be handed to openidconnect.
    #[error("the provider's answer is malformed: {0}")]
    Malformed(String),
}

/// A reqwest client for the provider.
#[derive(Clone, Debug)]
pub(crate) struct ProviderHttp {
    client: reqwest::Client,
}

impl ProviderHttp {
    /// No redirects; `timeout` for each whole call.
    pub(crate) fn new(timeout: Duration) -> Result<ProviderHttp, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()?;
        Ok(ProviderHttp { client })
    }

    /// The function openidconnect calls (it accepts any `Fn(HttpRequest) -> Future`).
    pub(crate) fn caller(
        &self,
    ) -> impl Fn(
        HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn Future<Output = Result<HttpResponse, ProviderHttpError>> + Send>,
    > + use<> {
        let client = self.client.clone();
        move |request| Box::pin(send(client.clone(), request))
    }
}

async fn send(
    client: reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, ProviderHttpError> {
    let request = reqwest::Request::try_from(request)
        .map_err(|e| ProviderHttpError::Transport(e.without_url()))?;
    let mut response = client
        .execute(request)
        .await
        .map_err(|e| ProviderHttpError::Transport(e.without_url()))?;
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(ProviderHttpError::TooLarge);
    }
    let mut builder = openidconnect::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| ProviderHttpError::Transport(e.without_url()))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ProviderHttpError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    builder
        .body(body)
        .map_err(|e| ProviderHttpError::Malformed(e.to_string()))
}
