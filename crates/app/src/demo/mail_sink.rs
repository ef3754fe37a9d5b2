//! A real SMTP server on loopback that keeps what it receives: `lifeline demo` points
//! `smtp_url` at it (its "Outgoing mail" page lists the messages) and the tests assert on
//! them. It speaks enough SMTP for `lettre` (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS,
//! no AUTH) and decodes the subject and the text body (RFC 2047 words, base64,
//! quoted-printable). [`MailSink::refuse`] makes it answer 451 to every message, to test
//! retries. Never for production: it is unauthenticated and in memory.

use std::sync::{Arc, Mutex};

use base64::Engine;
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message the sink received.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaughtMail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    /// Epoch ms of receipt (the machine's clock).
    pub at: i64,
}

#[derive(Default)]
struct State {
    mails: Vec<CaughtMail>,
    refuse: bool,
}

/// The sink; cheap to clone.
#[derive(Clone)]
pub struct MailSink {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for MailSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MailSink({})", self.url())
    }
}

impl MailSink {
    /// Starts the sink on 127.0.0.1 on a free port.
    pub async fn start() -> std::io::Result<MailSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let state = Arc::new(Mutex::new(State::default()));
        let s = state.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = session(sock, s).await;
                });
            }
        });
        Ok(MailSink { port, state })
    }

    /// The `smtp_url` that reaches it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, oldest first.
    pub fn mails(&self) -> Vec<CaughtMail> {
        self.state
            .lock()
            .map(|s| s.mails.clone())
            .unwrap_or_default()
    }

    /// Answers 451 (try again later) to every message while `on`.
    pub fn refuse(&self, on: bool) {
        if let Ok(mut s) = self.state.lock() {
            s.refuse = on;
        }
    }

    fn refusing(&self) -> bool {
        self.state.lock().map(|s| s.refuse).unwrap_or(false)
    }
}

async fn session(sock: tokio::net::TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let sink = MailSink { port: 0, state };
    let (rd, mut wr) = sock.into_split();
    let mut rd = BufReader::new(rd);
    wr.write_all(b"220 lifeline-sink ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if rd.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-lifeline-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = angle(&cmd[10..]);
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(angle(&cmd[8..]));
            b"250 OK\r\n"
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            b"250 OK\r\n"
        } else if upper == "DATA" {
            wr.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                line.clear();
                if rd.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            if sink.refusing() {
                b"451 4.3.0 Try again later\r\n"
            } else {
                let (subject, body) = parse(&data);
                let at = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                if let Ok(mut s) = sink.state.lock() {
                    s.mails.push(CaughtMail {
                        from: from.clone(),
                        to: to.clone(),
                        subject,
                        body,
                        at,
                    });
                }
                b"250 OK queued\r\n"
            }
        } else if upper == "QUIT" {
            wr.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        wr.write_all(reply).await?;
    }
}

fn angle(s: &str) -> String {
    let s = s.trim();
    let s = s.split_whitespace().next().unwrap_or(s);
    s.trim_start_matches('<').trim_end_matches('>').to_owned()
}

/// The decoded subject and text body of a plain (single-part) message.
fn parse(data: &str) -> (String, String) {
    let data = data.replace("\r\n", "\n");
    let (head, body) = data.split_once("\n\n").unwrap_or((&data, ""));
    // Unfold continued header lines.
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let subject = decode_words(&header("Subject"));
    let body = match header("Content-Transfer-Encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_owned(),
    };
    (subject, body.replace("\r\n", "\n").trim_end().to_owned())
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`).
fn decode_words(s: &str) -> String {
    let mut out = String::new();
    // Space between two encoded words is not part of the text; any other space is.
    let mut last_encoded = false;
    for (i, part) in s.split(' ').enumerate() {
        let decoded = part
            .strip_prefix("=?")
            .and_then(|p| p.strip_suffix("?="))
            .and_then(|p| {
                let mut it = p.splitn(3, '?');
                let (_, enc, text) = (it.next()?, it.next()?, it.next()?);
                let bytes = match enc.to_ascii_lowercase().as_str() {
                    "b" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()?,
                    "q" => quoted_printable(&text.replace('_', " ")).into_bytes(),
                    _ => return None,
                };
                Some(String::from_utf8_lossy(&bytes).into_owned())
            });
        if i > 0 && !(last_encoded && decoded.is_some()) {
            out.push(' ');
        }
        last_encoded = decoded.is_some();
        out.push_str(decoded.as_deref().unwrap_or(part));
    }
    out
}

fn quoted_printable(s: &str) -> String {
    let mut bytes = Vec::with_capacity(s.len());
    let raw = s.replace("=\n", "");
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && let Some(hex) = b.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            bytes.push(v);
            i += 3;
            continue;
        }
        bytes.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_subjects_and_bodies_are_decoded() {
        assert_eq!(decode_words("=?utf-8?b?5L2g5aW9?="), "你好");
        assert_eq!(decode_words("Plain words"), "Plain words");
        assert_eq!(
            decode_words("To you: =?utf-8?b?5L2g?= =?utf-8?b?5aW9?="),
            "To you: 你好"
        );
        assert_eq!(quoted_printable("caf=C3=A9 =\nok"), "café ok");
        let (s, b) = parse("Subject: Hi\r\nContent-Transfer-Encoding: base64\r\n\r\n5L2g5aW9\r\n");
        assert_eq!((s.as_str(), b.as_str()), ("Hi", "你好"));
    }
}
