-- Measure 2, apply-free payout (免申即享), top-ups and settlement. A run evaluates a
-- programme's published rule over the registry and the figures the bureau holds; each
-- qualifying enterprise gets one entitlement per programme and year, whatever the number of
-- runs. A top-up is what a newer rule version owes on top of what was already paid for a
-- programme and year, once per version. A settlement is the final figures of an enterprise for
-- a programme paid in advance or on settlement. Each queues a payment in the ledger
-- (fund_payments); payment_id names it.
CREATE TABLE fund_runs (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    year         BIGINT NOT NULL,
    rule_version BIGINT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'done')),
    evaluated    BIGINT NOT NULL DEFAULT 0,
    created      BIGINT NOT NULL DEFAULT 0,
    existing     BIGINT NOT NULL DEFAULT 0,
    total_fen    BIGINT NOT NULL DEFAULT 0,
    started_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX fund_runs_programme ON fund_runs(programme_id, created_at);

CREATE TABLE fund_entitlements (
    id           TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES fund_runs(id),
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc         TEXT NOT NULL REFERENCES enterprises(uscc),
    year         BIGINT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    rule_version BIGINT NOT NULL,
    explanation  TEXT NOT NULL,
    payment_id   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('offered', 'confirmed')),
    confirmed_by TEXT,
    confirmed_at BIGINT,
    created_at   BIGINT NOT NULL,
    UNIQUE (programme_id, uscc, year)
);
CREATE INDEX fund_entitlements_run ON fund_entitlements(run_id);
CREATE INDEX fund_entitlements_uscc ON fund_entitlements(uscc, created_at);

CREATE TABLE fund_top_ups (
    id             TEXT PRIMARY KEY,
    programme_id   TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc           TEXT NOT NULL REFERENCES enterprises(uscc),
    year           BIGINT NOT NULL,
    from_version   BIGINT NOT NULL,
    to_version     BIGINT NOT NULL,
    old_amount_fen BIGINT NOT NULL,
    new_amount_fen BIGINT NOT NULL,
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    explanation    TEXT NOT NULL,
    payment_id     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (programme_id, uscc, year, to_version)
);
CREATE INDEX fund_top_ups_programme ON fund_top_ups(programme_id, to_version);

CREATE TABLE fund_settlements (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc         TEXT NOT NULL REFERENCES enterprises(uscc),
    year         BIGINT NOT NULL,
    figures      TEXT NOT NULL,
    rule_version BIGINT NOT NULL,
    settled_fen  BIGINT NOT NULL CHECK (settled_fen >= 0),
    advance_fen  BIGINT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('top_up', 'recovery', 'award', 'even')),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen >= 0),
    explanation  TEXT NOT NULL,
    payment_id   TEXT,
    recorded_by  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (programme_id, uscc, year)
);
CREATE INDEX fund_settlements_programme ON fund_settlements(programme_id, created_at);
