//! A local HTTP receiver for tests: it answers 200 to every POST and keeps the bodies (an SMS
//! gateway, a group robot).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone)]
pub struct HttpReceiver {
    pub url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl HttpReceiver {
    pub async fn start() -> HttpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("receiver: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = bodies.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (rd, mut wr) = sock.into_split();
                    let mut rd = BufReader::new(rd);
                    let mut len = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if rd.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':')
                            && k.eq_ignore_ascii_case("content-length")
                        {
                            len = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; len];
                    let _ = rd.read_exact(&mut body).await;
                    if let Ok(mut b) = kept.lock() {
                        b.push(String::from_utf8_lossy(&body).into_owned());
                    }
                    let _ = wr
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                        )
                        .await;
                });
            }
        });
        HttpReceiver {
            url: format!("http://127.0.0.1:{port}/"),
            bodies,
        }
    }

    /// The bodies received so far, as JSON.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.bodies
            .lock()
            .map(|b| {
                b.iter()
                    .filter_map(|s| serde_json::from_str(s).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}
