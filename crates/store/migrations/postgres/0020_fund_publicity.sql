-- Measure 2's publicity (公示): a programme's approved payments are published as a list for its
-- publicity period (working days on the bureau's calendar), in which anyone may object to a
-- listed payment. When the period is over, payments without an open or upheld objection are
-- cleared for payment; an upheld objection cancels its payment; an open one holds it.
CREATE TABLE fund_publicities (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    -- The instant the period is over (the start of the next day in the bureau's zone).
    ends_at      BIGINT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'ended')),
    published_by TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    ended_at     BIGINT,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX fund_publicities_programme ON fund_publicities(programme_id, created_at);
CREATE INDEX fund_publicities_due ON fund_publicities(status, ends_at);

-- What the list showed the public (the enterprise's name as registered that day, the amount),
-- and what became of each line.
CREATE TABLE fund_publicity_items (
    publicity_id    TEXT NOT NULL REFERENCES fund_publicities(id),
    payment_id      TEXT NOT NULL UNIQUE REFERENCES fund_payments(id),
    line            BIGINT NOT NULL CHECK (line >= 1),
    enterprise_name TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL CHECK (amount_fen > 0),
    outcome         TEXT NOT NULL CHECK (outcome IN ('listed', 'cleared', 'held', 'cancelled')),
    PRIMARY KEY (publicity_id, line)
);

CREATE TABLE fund_objections (
    id           TEXT PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    publicity_id TEXT NOT NULL REFERENCES fund_publicities(id),
    payment_id   TEXT NOT NULL REFERENCES fund_payments(id),
    name         TEXT NOT NULL,
    contact      TEXT NOT NULL,
    text         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    note         TEXT NOT NULL DEFAULT '',
    decided_by   TEXT,
    decided_at   BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX fund_objections_publicity ON fund_objections(publicity_id, created_at);
CREATE INDEX fund_objections_payment ON fund_objections(payment_id, status);
