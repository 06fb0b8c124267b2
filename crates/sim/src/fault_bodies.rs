//! Response bodies that misbehave on purpose: huge (streamed, never held in memory) or slow.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use tokio::time::Sleep;

/// What a `malformed` body holds: the start of a plausible answer, cut off mid-object.
pub(crate) const MALFORMED_BODY: &str = "{\"devices\":[{\"id\":\"3f2a\",\"name\":\"Joe's iPh";

const CHUNK: usize = 64 * 1024;
static FILL: [u8; CHUNK] = [b'x'; CHUNK];
static SPACES: [u8; 16] = [b' '; 16];

/// A valid JSON document of exactly `size` bytes: `{"padding":"xxx..."}`, or `{}` followed by
/// spaces when `size` is too small for that. Produced chunk by chunk from static memory.
pub(crate) struct OversizedBody {
    size: u64,
    head: &'static [u8],
    fill: &'static [u8],
    fill_left: u64,
    tail: &'static [u8],
    stage: u8,
}

impl OversizedBody {
    pub(crate) fn new(size: u64) -> OversizedBody {
        const HEAD: &[u8] = b"{\"padding\":\"";
        const TAIL: &[u8] = b"\"}";
        let overhead = (HEAD.len() + TAIL.len()) as u64;
        if size >= overhead {
            OversizedBody {
                size,
                head: HEAD,
                fill: &FILL,
                fill_left: size - overhead,
                tail: TAIL,
                stage: 0,
            }
        } else {
            // Too small for the padding object: `{}` and JSON whitespace.
            OversizedBody {
                size: size.max(2),
                head: b"{}",
                fill: &SPACES,
                fill_left: size.saturating_sub(2),
                tail: b"",
                stage: 0,
            }
        }
    }
}

impl MessageBody for OversizedBody {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.size)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        loop {
            match this.stage {
                0 => {
                    this.stage = 1;
                    if !this.head.is_empty() {
                        return Poll::Ready(Some(Ok(Bytes::from_static(this.head))));
                    }
                }
                1 if this.fill_left > 0 => {
                    let n = usize::try_from(this.fill_left)
                        .unwrap_or(usize::MAX)
                        .min(this.fill.len());
                    this.fill_left -= n as u64;
                    let chunk = this.fill.get(..n).unwrap_or_default();
                    return Poll::Ready(Some(Ok(Bytes::from_static(chunk))));
                }
                1 => this.stage = 2,
                2 => {
                    this.stage = 3;
                    if !this.tail.is_empty() {
                        return Poll::Ready(Some(Ok(Bytes::from_static(this.tail))));
                    }
                }
                _ => return Poll::Ready(None),
            }
        }
    }
}

/// The real body, `chunk` bytes at a time with a pause in between. The length is announced,
/// so a client waits for all of it.
pub(crate) struct TrickleBody {
    data: Bytes,
    chunk: usize,
    interval: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl TrickleBody {
    pub(crate) fn new(data: Bytes, chunk: usize, interval: Duration) -> TrickleBody {
        TrickleBody {
            data,
            chunk: chunk.max(1),
            interval,
            sleep: None,
        }
    }
}

impl MessageBody for TrickleBody {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.data.len() as u64)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        if this.data.is_empty() {
            return Poll::Ready(None);
        }
        if let Some(sleep) = this.sleep.as_mut() {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        let n = this.chunk.min(this.data.len());
        let chunk = this.data.split_to(n);
        this.sleep = Some(Box::pin(tokio::time::sleep(this.interval)));
        Poll::Ready(Some(Ok(chunk)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    async fn collect(body: impl MessageBody<Error = Infallible>) -> Vec<u8> {
        actix_web::body::to_bytes(body).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn oversized_body_is_valid_json_of_exact_size() {
        for size in [2u64, 5, 13, 14, 15, 100, 200_000] {
            let bytes = collect(OversizedBody::new(size)).await;
            assert_eq!(bytes.len() as u64, size, "size {size}");
            let _: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        }
    }

    #[tokio::test]
    async fn trickle_body_delivers_everything() {
        let body = TrickleBody::new(
            Bytes::from_static(b"{\"a\":1}"),
            3,
            Duration::from_millis(1),
        );
        assert_eq!(collect(body).await, b"{\"a\":1}");
    }
}
