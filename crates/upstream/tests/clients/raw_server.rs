//! A hand-written HTTP/1.1 server for what wiremock cannot do: trickle a body, or stream one
//! without a Content-Length.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server writes after reading a request head.
#[derive(Clone)]
pub struct RawResponse {
    pub head: &'static str,
    pub chunk: Vec<u8>,
    pub chunks: usize,
    pub pause: Duration,
}

/// Serves `response` to every connection until the test ends; returns the base URL.
pub async fn serve(response: RawResponse) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0_u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                if socket.write_all(response.head.as_bytes()).await.is_err() {
                    return;
                }
                for _ in 0..response.chunks {
                    tokio::time::sleep(response.pause).await;
                    // The client hangs up once it has read enough: that ends the test's stream.
                    if socket.write_all(&response.chunk).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}
