-- Measure 2's money: the ledger every payment goes through (fund_payments), enterprises' bank
-- accounts, and payment batches (the bank payment file, marking paid, reconciling the bank's
-- returned file). A programme's publicity period (公示, working days; 0 = none) decides whether
-- an approved payment waits before it may be paid.
ALTER TABLE fund_programmes ADD COLUMN publicity_days INTEGER NOT NULL DEFAULT 0 CHECK (publicity_days BETWEEN 0 AND 60);

CREATE TABLE fund_bank_accounts (
    uscc           TEXT PRIMARY KEY REFERENCES enterprises(uscc),
    bank_name      TEXT NOT NULL,
    account_name   TEXT NOT NULL,
    account_number TEXT NOT NULL,
    -- The account name differs from the registry name and someone confirmed it on purpose.
    name_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (name_confirmed IN (0, 1)),
    updated_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE fund_batches (
    id             TEXT PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    division       TEXT NOT NULL REFERENCES divisions(code),
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    bank_reference TEXT,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    exported_at    INTEGER,
    closed_at      INTEGER,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX fund_batches_division ON fund_batches(division, created_at);

CREATE TABLE fund_payments (
    id              TEXT PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    programme_id    TEXT NOT NULL REFERENCES fund_programmes(id),
    uscc            TEXT NOT NULL REFERENCES enterprises(uscc),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source          TEXT NOT NULL CHECK (source IN ('application', 'entitlement', 'top_up', 'settlement', 'recovery')),
    source_id       TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    rule_version    INTEGER NOT NULL,
    explanation     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'cleared', 'in_batch', 'paid', 'failed', 'cancelled')),
    queued_by       TEXT,
    approved_by     TEXT,
    approved_at     INTEGER,
    override_reason TEXT,
    batch_id        TEXT REFERENCES fund_batches(id),
    bank_reference  TEXT,
    paid_at         INTEGER,
    applied_at      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX fund_payments_programme ON fund_payments(programme_id, status);
CREATE INDEX fund_payments_uscc ON fund_payments(uscc, created_at);
CREATE INDEX fund_payments_source ON fund_payments(source, source_id);
CREATE INDEX fund_payments_batch ON fund_payments(batch_id);

-- What each batch held, kept after a failed payment moves on to a later batch, so that a
-- batch's total is always the sum of its lines.
CREATE TABLE fund_batch_items (
    batch_id       TEXT NOT NULL REFERENCES fund_batches(id),
    payment_id     TEXT NOT NULL REFERENCES fund_payments(id),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    status         TEXT NOT NULL CHECK (status IN ('in_batch', 'paid', 'failed')),
    bank_reference TEXT,
    PRIMARY KEY (batch_id, payment_id)
) STRICT;
CREATE INDEX fund_batch_items_payment ON fund_batch_items(payment_id);
