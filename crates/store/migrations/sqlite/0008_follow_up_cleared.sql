-- A working record that cleared the case's next follow-up date says so in the timeline.
ALTER TABLE case_events ADD COLUMN follow_up_cleared INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_cleared IN (0, 1));
