-- Enterprise accounts (issue 13): an enterprise signs up with its USCC, its contact and a
-- password; it is confirmed by a one-time code sent to the registry's contact, by its district
-- official's approval, or (not in the registry yet) by the district official registering it.
-- The code is kept only as an HMAC (code_hash), valid until code_expires_at, for a few tries.
-- An active sign-up names the account it made (user_id): that account is the enterprise's
-- administrator, who invites colleagues.
CREATE TABLE enterprise_signups (
    id              TEXT PRIMARY KEY,
    uscc            TEXT NOT NULL,
    name            TEXT NOT NULL,
    district        TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    mobile          TEXT NOT NULL,
    email           TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('awaiting_code', 'awaiting_approval', 'awaiting_registration', 'active', 'refused')),
    code_hash       TEXT,
    code_expires_at INTEGER,
    code_tries      INTEGER NOT NULL DEFAULT 0 CHECK (code_tries >= 0),
    user_id         TEXT REFERENCES users(id),
    decided_by      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX enterprise_signups_queue ON enterprise_signups(district, state, created_at);
CREATE INDEX enterprise_signups_uscc ON enterprise_signups(uscc);
CREATE INDEX enterprise_signups_user ON enterprise_signups(user_id);

-- Colleagues invited by an enterprise's administrator: the invitation is kept as an HMAC of
-- its token; accepting it makes an enterprise user of the same USCC.
CREATE TABLE enterprise_invitations (
    id          TEXT PRIMARY KEY,
    uscc        TEXT NOT NULL,
    email       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT NOT NULL REFERENCES users(id),
    state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'revoked')),
    expires_at  INTEGER NOT NULL,
    user_id     TEXT REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX enterprise_invitations_uscc ON enterprise_invitations(uscc, state);
