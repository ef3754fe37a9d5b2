//! Secret keys, derived from one master secret that lives in configuration or in the data
//! directory, never in the database (a copy of the database must not be able to forge the
//! audit chain or API tokens).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub struct Keys {
    pub audit: [u8; 32],
    pub token: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

impl Keys {
    pub fn from_master(master: &[u8]) -> Keys {
        Keys {
            audit: hmac_sha256(master, &[b"lifeline audit chain v1"]),
            token: hmac_sha256(master, &[b"lifeline api token v1"]),
        }
    }
}
