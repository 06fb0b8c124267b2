//! A TCP proxy a test can cut and restore: the network between the server and its database.
//! Cut, it forwards nothing and answers nothing (connections hang, as behind a dead router);
//! restored, it closes what hung and forwards new connections again.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The proxy; dropping it stops it and closes every connection.
pub struct CuttableProxy {
    address: SocketAddr,
    cut: Arc<watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

impl CuttableProxy {
    /// Forwards a free loopback port to `upstream`.
    pub async fn start(upstream: SocketAddr) -> CuttableProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (cut, _) = watch::channel(false);
        let cut = Arc::new(cut);
        let state = Arc::clone(&cut);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mut cut = state.subscribe();
                tokio::spawn(async move {
                    let mut client = client;
                    // While cut, a new connection is accepted and left hanging.
                    if !until(&mut cut, false).await {
                        return;
                    }
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        // Cut: stop forwarding, keep both ends open (hanging) until restored.
                        _ = until(&mut cut, true) => {
                            until(&mut cut, false).await;
                        }
                    }
                });
            }
        });
        CuttableProxy { address, cut, task }
    }

    /// Where to connect instead of the upstream.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops all traffic: every connection hangs.
    pub fn cut(&self) {
        self.cut.send_replace(true);
    }

    /// Closes the hanging connections and forwards again.
    pub fn restore(&self) {
        self.cut.send_replace(false);
    }
}

/// Waits until the cut state is `cut`; false when the proxy is gone.
async fn until(state: &mut watch::Receiver<bool>, cut: bool) -> bool {
    state.wait_for(|now| *now == cut).await.is_ok()
}

impl Drop for CuttableProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}
