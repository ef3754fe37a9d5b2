-- Measure 1: the enterprise registry, designations, resumption reports; the shared case engine.
CREATE TABLE enterprises (
    uscc              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    name_en           TEXT,
    kinds             TEXT NOT NULL,
    district          TEXT NOT NULL,
    address           TEXT,
    investor_country  TEXT,
    industry          TEXT,
    employees         BIGINT,
    contact_name      TEXT,
    contact_mobile    TEXT,
    contact_email     TEXT,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'in_difficulty', 'resumed', 'closed')),
    official_id       TEXT REFERENCES users(id),
    contact_person_id TEXT REFERENCES people(id),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX enterprises_district ON enterprises(district);
CREATE INDEX enterprises_official ON enterprises(official_id);

CREATE TABLE designations (
    id                TEXT PRIMARY KEY,
    uscc              TEXT NOT NULL REFERENCES enterprises(uscc),
    official_id       TEXT REFERENCES users(id),
    contact_person_id TEXT REFERENCES people(id),
    reason            TEXT NOT NULL DEFAULT '',
    actor             TEXT NOT NULL,
    at                BIGINT NOT NULL
);
CREATE INDEX designations_uscc ON designations(uscc, at);

CREATE TABLE cases (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL,
    measure            BIGINT NOT NULL REFERENCES measures(no),
    enterprise         TEXT REFERENCES enterprises(uscc),
    subject            TEXT NOT NULL,
    body               TEXT NOT NULL,
    category           TEXT,
    channel            TEXT NOT NULL,
    division           TEXT NOT NULL REFERENCES divisions(code),
    assignee_id        TEXT REFERENCES users(id),
    status             TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting_on_enterprise', 'resolved', 'closed')),
    priority           TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high', 'urgent')),
    significant        BOOLEAN NOT NULL DEFAULT FALSE,
    next_follow_up     TEXT,
    created_by         TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    first_response_at  BIGINT,
    resolved_at        BIGINT
);
CREATE INDEX cases_division_status ON cases(division, status);
CREATE INDEX cases_enterprise ON cases(enterprise);
CREATE INDEX cases_status_id ON cases(status, id);

CREATE TABLE case_events (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases(id),
    kind           TEXT NOT NULL CHECK (kind IN ('record', 'status', 'escalation', 'decision', 'reassignment', 'created')),
    record_kind    TEXT,
    content        TEXT NOT NULL DEFAULT '',
    outcome        TEXT,
    next_follow_up TEXT,
    internal       BOOLEAN NOT NULL DEFAULT FALSE,
    from_status    TEXT,
    to_status      TEXT,
    actor_id       TEXT,
    actor          TEXT NOT NULL,
    at             BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, at);

CREATE TABLE decisions (
    case_id    TEXT PRIMARY KEY REFERENCES cases(id),
    decision   TEXT NOT NULL,
    division   TEXT NOT NULL REFERENCES divisions(code),
    owner      TEXT NOT NULL,
    due_date   TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    at         BIGINT NOT NULL
);

CREATE TABLE resumption_reports (
    id                 TEXT PRIMARY KEY,
    uscc               TEXT NOT NULL REFERENCES enterprises(uscc),
    report_date        TEXT NOT NULL,
    employees_returned BIGINT NOT NULL CHECK (employees_returned >= 0),
    employees_total    BIGINT NOT NULL CHECK (employees_total >= 0),
    capacity_pct       BIGINT NOT NULL CHECK (capacity_pct BETWEEN 0 AND 100),
    resumed            BOOLEAN NOT NULL,
    difficulties       TEXT NOT NULL DEFAULT '',
    filed_by           TEXT NOT NULL,
    at                 BIGINT NOT NULL
);
CREATE INDEX resumption_reports_uscc ON resumption_reports(uscc, report_date);
