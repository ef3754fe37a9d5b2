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
    year         INTEGER NOT NULL,
    rule_version INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'done')),
    evaluated    INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    existing     INTEGER NOT NULL DEFAULT 0,
    total_fen    INTEGER NOT NULL DEFAULT 0,
    started_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
) STRICT;
CREATE INDEX fund_runs_programme ON fund_runs(programme_id, created_at);

CREATE TABLE fund_entitlements (
    id           TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES fund_runs(id),
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc         TEXT NOT NULL REFERENCES enterprises(uscc),
    year         INTEGER NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    rule_version INTEGER NOT NULL,
    explanation  TEXT NOT NULL,
    payment_id   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('offered', 'confirmed')),
    confirmed_by TEXT,
    confirmed_at INTEGER,
    created_at   INTEGER NOT NULL,
    UNIQUE (programme_id, uscc, year)
) STRICT;
CREATE INDEX fund_entitlements_run ON fund_entitlements(run_id);
CREATE INDEX fund_entitlements_uscc ON fund_entitlements(uscc, created_at);

CREATE TABLE fund_top_ups (
    id             TEXT PRIMARY KEY,
    programme_id   TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc           TEXT NOT NULL REFERENCES enterprises(uscc),
    year           INTEGER NOT NULL,
    from_version   INTEGER NOT NULL,
    to_version     INTEGER NOT NULL,
    old_amount_fen INTEGER NOT NULL,
    new_amount_fen INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    explanation    TEXT NOT NULL,
    payment_id     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (programme_id, uscc, year, to_version)
) STRICT;
CREATE INDEX fund_top_ups_programme ON fund_top_ups(programme_id, to_version);

CREATE TABLE fund_settlements (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc         TEXT NOT NULL REFERENCES enterprises(uscc),
    year         INTEGER NOT NULL,
    figures      TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    settled_fen  INTEGER NOT NULL CHECK (settled_fen >= 0),
    advance_fen  INTEGER NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('top_up', 'recovery', 'award', 'even')),
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    explanation  TEXT NOT NULL,
    payment_id   TEXT,
    recorded_by  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (programme_id, uscc, year)
) STRICT;
CREATE INDEX fund_settlements_programme ON fund_settlements(programme_id, created_at);
