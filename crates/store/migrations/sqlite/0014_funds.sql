-- Measure 2: policy funds. Programmes (each with its item of the work-distribution table and
-- so its division), their rules as versioned data (kept forever; a draft is published once),
-- and the figures the bureau holds per enterprise and year (premiums paid, training invoices,
-- revenue ...), which a simulation reads.
CREATE TABLE fund_programmes (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    item           TEXT NOT NULL,
    division       TEXT NOT NULL REFERENCES divisions(code),
    legal_document TEXT NOT NULL,
    legal_clause   TEXT NOT NULL,
    year           INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    budget_fen     INTEGER NOT NULL CHECK (budget_fen >= 0),
    payment_mode   TEXT NOT NULL CHECK (payment_mode IN ('in_advance', 'on_settlement', 'examined_in_advance', 'fully_covered')),
    documents      TEXT NOT NULL DEFAULT '[]',
    opens_on       TEXT,
    closes_on      TEXT,
    published      INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX fund_programmes_division ON fund_programmes(division);

CREATE TABLE fund_rule_versions (
    programme_id   TEXT NOT NULL REFERENCES fund_programmes(id),
    version        INTEGER NOT NULL CHECK (version >= 1),
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    rule           TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    published_by   TEXT,
    published_at   INTEGER,
    PRIMARY KEY (programme_id, version)
) STRICT;

CREATE TABLE fund_figures (
    uscc       TEXT NOT NULL REFERENCES enterprises(uscc),
    year       INTEGER NOT NULL,
    figure     TEXT NOT NULL,
    value      INTEGER NOT NULL,
    source     TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (year, uscc, figure)
) STRICT;
