-- Notifications (app::notify): each user's in-app inbox, their preferences (language, channels
-- per event, the daily digest), who of a division's staff is on duty, and the marks that make a
-- scheduled notice (SLA at risk, breached, decision due) go out once per case and threshold.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    event      TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    case_id    TEXT,
    link       TEXT,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- One row per user who changed a default. channels: JSON {"event": ["inbox", "email", ...]}
-- for the events whose channels differ from the defaults.
CREATE TABLE notification_prefs (
    user_id    TEXT PRIMARY KEY REFERENCES users(id),
    lang       TEXT NOT NULL,
    channels   TEXT NOT NULL DEFAULT '{}',
    digest     INTEGER NOT NULL DEFAULT 1 CHECK (digest IN (0, 1)),
    updated_at INTEGER NOT NULL
) STRICT;

-- The staff member(s) of a division on duty, set by its chief: a case routed to the division
-- notifies them (and the chief); nobody on duty notifies all of the division's staff.
CREATE TABLE staff_on_duty (
    user_id  TEXT PRIMARY KEY REFERENCES users(id),
    division TEXT NOT NULL,
    set_by   TEXT NOT NULL,
    set_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_on_duty_division ON staff_on_duty(division);

-- "Sent once": e.g. sla_at_risk:first_response:{case id}.
CREATE TABLE notify_marks (
    mark TEXT PRIMARY KEY,
    at   INTEGER NOT NULL
) STRICT;
