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
    year           BIGINT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    budget_fen     BIGINT NOT NULL CHECK (budget_fen >= 0),
    payment_mode   TEXT NOT NULL CHECK (payment_mode IN ('in_advance', 'on_settlement', 'examined_in_advance', 'fully_covered')),
    documents      TEXT NOT NULL DEFAULT '[]',
    opens_on       TEXT,
    closes_on      TEXT,
    published      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX fund_programmes_division ON fund_programmes(division);

CREATE TABLE fund_rule_versions (
    programme_id   TEXT NOT NULL REFERENCES fund_programmes(id),
    version        BIGINT NOT NULL CHECK (version >= 1),
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    rule           TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    published_by   TEXT,
    published_at   BIGINT,
    PRIMARY KEY (programme_id, version)
);

CREATE TABLE fund_figures (
    uscc       TEXT NOT NULL REFERENCES enterprises(uscc),
    year       BIGINT NOT NULL,
    figure     TEXT NOT NULL,
    value      BIGINT NOT NULL,
    source     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (year, uscc, figure)
);
