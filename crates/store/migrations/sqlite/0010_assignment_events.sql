-- Assigning a case to a colleague is an event of its timeline ('assignment'). SQLite cannot
-- change a CHECK constraint, so the table is rebuilt with the same columns, rows and index.
CREATE TABLE case_events_new (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases(id),
    kind              TEXT NOT NULL CHECK (kind IN ('record', 'status', 'escalation', 'decision', 'reassignment', 'created', 'assignment')),
    record_kind       TEXT,
    content           TEXT NOT NULL DEFAULT '',
    outcome           TEXT,
    next_follow_up    TEXT,
    internal          INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    from_status       TEXT,
    to_status         TEXT,
    actor_id          TEXT,
    actor             TEXT NOT NULL,
    at                INTEGER NOT NULL,
    follow_up_cleared INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_cleared IN (0, 1))
) STRICT;
INSERT INTO case_events_new (id, case_id, kind, record_kind, content, outcome, next_follow_up, internal, from_status, to_status, actor_id, actor, at, follow_up_cleared)
    SELECT id, case_id, kind, record_kind, content, outcome, next_follow_up, internal, from_status, to_status, actor_id, actor, at, follow_up_cleared FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_new RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, at);
