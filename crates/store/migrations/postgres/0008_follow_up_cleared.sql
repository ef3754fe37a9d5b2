-- A working record that cleared the case's next follow-up date says so in the timeline.
ALTER TABLE case_events ADD COLUMN follow_up_cleared BOOLEAN NOT NULL DEFAULT FALSE;
