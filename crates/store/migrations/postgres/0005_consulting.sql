-- Measure 3: consulting. Inquiries are cases of kind `inquiry`; these tables hold the channels
-- (hotline calls, messaging groups and their messages, the outbox of replies), the SLA
-- calendar and targets, and the FAQ with its versions, search terms and votes.

ALTER TABLE cases ADD COLUMN topic BIGINT;
ALTER TABLE cases ADD COLUMN fast BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN contact_name TEXT;
ALTER TABLE cases ADD COLUMN contact TEXT;
ALTER TABLE cases ADD COLUMN sender_key TEXT;
CREATE INDEX cases_sender_key ON cases(sender_key, status);

CREATE TABLE hotlines (
    code       TEXT PRIMARY KEY,
    district   TEXT NOT NULL,
    name       TEXT NOT NULL,
    number     TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE calls (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id),
    hotline       TEXT NOT NULL REFERENCES hotlines(code),
    caller_name   TEXT NOT NULL DEFAULT '',
    caller_number TEXT NOT NULL,
    duration_s    BIGINT NOT NULL CHECK (duration_s >= 0),
    summary       TEXT NOT NULL,
    staff         TEXT NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX calls_number ON calls(caller_number, at);
CREATE INDEX calls_case ON calls(case_id);

CREATE TABLE messaging_groups (
    id             TEXT PRIMARY KEY,
    platform       TEXT NOT NULL CHECK (platform IN ('wechat', 'wecom', 'dingtalk', 'feishu', 'other')),
    name           TEXT NOT NULL,
    district       TEXT NOT NULL,
    webhook_url    TEXT,
    webhook_format TEXT NOT NULL DEFAULT 'generic' CHECK (webhook_format IN ('wecom', 'generic')),
    secret         TEXT NOT NULL,
    staff          TEXT NOT NULL DEFAULT '',
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE group_messages (
    group_id    TEXT NOT NULL REFERENCES messaging_groups(id),
    message_id  TEXT NOT NULL,
    sender      TEXT NOT NULL,
    sender_name TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    received_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, message_id)
);
CREATE INDEX group_messages_case ON group_messages(case_id);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    case_id         TEXT REFERENCES cases(id),
    group_id        TEXT REFERENCES messaging_groups(id),
    target_url      TEXT NOT NULL,
    format          TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_id);

CREATE TABLE calendar_days (
    date       TEXT PRIMARY KEY,
    working    BOOLEAN NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE sla_targets (
    kind                   TEXT NOT NULL,
    channel                TEXT NOT NULL,
    fast                   BOOLEAN NOT NULL,
    first_response_minutes BIGINT NOT NULL CHECK (first_response_minutes > 0),
    resolution_minutes     BIGINT NOT NULL CHECK (resolution_minutes > 0),
    PRIMARY KEY (kind, channel, fast)
);

CREATE TABLE faq_entries (
    id          TEXT PRIMARY KEY,
    measure     BIGINT REFERENCES measures(no),
    tags        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
    publish_at  BIGINT,
    version     BIGINT NOT NULL,
    source_case TEXT REFERENCES cases(id),
    helpful     BIGINT NOT NULL DEFAULT 0,
    unhelpful   BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX faq_entries_status ON faq_entries(status, publish_at);

CREATE TABLE faq_versions (
    entry_id TEXT NOT NULL REFERENCES faq_entries(id),
    version  BIGINT NOT NULL,
    lang     TEXT NOT NULL CHECK (lang IN ('zh-CN', 'en', 'ja', 'ko')),
    question TEXT NOT NULL,
    answer   TEXT NOT NULL,
    editor   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       BIGINT NOT NULL,
    PRIMARY KEY (entry_id, version, lang)
);

CREATE TABLE faq_terms (
    term     TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES faq_entries(id),
    lang     TEXT NOT NULL,
    in_question BIGINT NOT NULL,
    in_answer   BIGINT NOT NULL,
    PRIMARY KEY (term, entry_id, lang)
);
CREATE INDEX faq_terms_entry ON faq_terms(entry_id);
-- A term's strongest postings first: search ranks the top of each term's list.
CREATE INDEX faq_terms_rank ON faq_terms(term, in_question DESC, in_answer DESC);

CREATE TABLE faq_votes (
    entry_id TEXT NOT NULL REFERENCES faq_entries(id),
    voter    TEXT NOT NULL,
    helpful  BOOLEAN NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (entry_id, voter)
);

-- Inquiry search: the words (bigrams for Chinese, Japanese and Korean) of each inquiry.
CREATE TABLE case_terms (
    term    TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (term, case_id)
);
