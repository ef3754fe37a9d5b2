-- Assigning a case to a colleague is an event of its timeline ('assignment').
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN ('record', 'status', 'escalation', 'decision', 'reassignment', 'created', 'assignment'));
