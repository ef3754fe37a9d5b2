-- The general job queue (app::jobs): durable jobs of registered kinds, claimed in batches
-- under a lease, retried on each kind's schedule, dead after its last attempt.
-- States: queued (waiting for run_at; a retry keeps its last_error), running (leased to
-- lease_owner until lease_until), done, dead (the last attempt failed; an admin may retry it).
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    payload      TEXT NOT NULL,
    -- What the job is about (a case, a notice), so that its owner can show its state.
    subject      TEXT,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
    attempts     BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts BIGINT NOT NULL CHECK (max_attempts >= 1),
    run_at       BIGINT NOT NULL,
    lease_until  BIGINT,
    lease_owner  TEXT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    CHECK ((state = 'running') = (lease_until IS NOT NULL AND lease_owner IS NOT NULL))
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_subject ON jobs(subject);

-- Measure 3's outbox of group replies becomes the queue's first kind, `group_reply`: every
-- delivery is carried over (pending ones are queued as they were; none is lost), then the
-- outbox goes.
INSERT INTO jobs (id, kind, payload, subject, state, attempts, max_attempts, run_at,
                  lease_until, lease_owner, last_error, created_at, updated_at, finished_at)
SELECT id, 'group_reply',
       json_build_object('url', target_url, 'format', format, 'body', payload, 'group_id', group_id)::text,
       case_id,
       CASE state WHEN 'pending' THEN 'queued' WHEN 'sent' THEN 'done' ELSE 'dead' END,
       attempts, greatest(8, attempts), next_attempt_at, NULL, NULL, last_error, created_at,
       coalesce(sent_at, created_at), sent_at
FROM outbox;
DROP TABLE outbox;
