-- A division's staff messaging group robot (app::notify::robots): the division-level events
-- (a case routed to it, escalated, an SLA breached) are also posted to this webhook. Set by the
-- division's chief or an admin; at most one per division.
CREATE TABLE division_robots (
    division   TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    format     TEXT NOT NULL CHECK (format IN ('wecom', 'json')),
    set_by     TEXT NOT NULL,
    set_at     INTEGER NOT NULL
) STRICT;
