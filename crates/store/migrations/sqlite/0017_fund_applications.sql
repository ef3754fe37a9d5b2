-- Measure 2: applications for fund programmes and their workflow (submitted → examined →
-- verified → approved; returned for correction; refused; withdrawn). `disbursed` is not stored:
-- it is shown once the application's ledger payment is paid. One open application per
-- programme, enterprise and year; an idempotency key is unique per enterprise, so a
-- resubmission during a surge returns the first application. The stored decision (rule
-- version, per criterion value / threshold / met, amount) is written at submission, when
-- examined and when approved. `due_at` is the current step's SLA on the bureau's calendar.
CREATE TABLE fund_applications (
    id              TEXT PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    programme_id    TEXT NOT NULL REFERENCES fund_programmes(id),
    division        TEXT NOT NULL REFERENCES divisions(code),
    uscc            TEXT NOT NULL REFERENCES enterprises(uscc),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    figures         TEXT NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL CHECK (status IN ('submitted', 'examined', 'verified', 'chief_approved', 'approved', 'returned_for_correction', 'refused', 'withdrawn')),
    channel         TEXT NOT NULL CHECK (channel IN ('portal', 'staff', 'api')),
    idempotency_key TEXT,
    missing         TEXT NOT NULL DEFAULT '[]',
    decision        TEXT NOT NULL,
    eligible        INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
    rule_version    INTEGER NOT NULL,
    payment_id      TEXT,
    due_at          INTEGER,
    submitted_by    TEXT,
    submitted_at    INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (uscc, idempotency_key)
) STRICT;
CREATE UNIQUE INDEX fund_applications_one_open ON fund_applications(programme_id, uscc, year)
    WHERE status NOT IN ('refused', 'withdrawn');
CREATE INDEX fund_applications_queue ON fund_applications(division, status, due_at);
CREATE INDEX fund_applications_uscc ON fund_applications(uscc, submitted_at);

CREATE TABLE fund_application_steps (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES fund_applications(id),
    step           TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    actor_id       TEXT,
    actor          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    missing        TEXT NOT NULL DEFAULT '[]',
    due_at         INTEGER,
    at             INTEGER NOT NULL
) STRICT;
CREATE INDEX fund_application_steps_app ON fund_application_steps(application_id, at);

-- The documents an application carries: the file is kept by the attachment store (by its
-- SHA-256, as case attachments are); this row links it to the application and the document
-- of the programme it stands for.
CREATE TABLE fund_application_files (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES fund_applications(id),
    document       TEXT NOT NULL,
    name           TEXT NOT NULL,
    file_type      TEXT NOT NULL CHECK (file_type IN ('pdf', 'jpeg', 'png', 'docx', 'xlsx')),
    size           INTEGER NOT NULL CHECK (size > 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    uploaded_by    TEXT,
    uploader       TEXT NOT NULL,
    by_enterprise  INTEGER NOT NULL CHECK (by_enterprise IN (0, 1)),
    at             INTEGER NOT NULL
) STRICT;
CREATE INDEX fund_application_files_app ON fund_application_files(application_id, at);

-- References F-<year>-<six digits>, counted per year.
CREATE TABLE fund_application_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

-- At or above this amount the chief's approval waits for a leader's (¥500,000 by default).
ALTER TABLE fund_programmes ADD COLUMN leader_threshold_fen INTEGER NOT NULL DEFAULT 50000000;
