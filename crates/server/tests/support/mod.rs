//! What the tests that start the real binary share.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

/// The port the server says it serves on (its JSON log line `serving`), or a panic with its
/// output so far when it stops first. Its output is drained afterwards, so that the server never
/// blocks on a full pipe.
pub async fn serving_port(child: &mut Child) -> u16 {
    let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
    let mut seen = String::new();
    let wait = async {
        while let Ok(Some(line)) = lines.next_line().await {
            seen.push_str(&line);
            seen.push('\n');
            if let Ok(entry) = serde_json::from_str::<Value>(&line)
                && entry["message"] == "serving"
            {
                return entry["port"].as_u64().and_then(|p| u16::try_from(p).ok());
            }
        }
        None
    };
    match tokio::time::timeout(Duration::from_secs(60), wait).await {
        Ok(Some(port)) => {
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            port
        }
        _ => panic!("the server did not start serving:\n{seen}"),
    }
}
