-- Follow-ups due or overdue (the daily board, `?overdue=true`, the district dashboard): open
-- cases with a follow-up date, by that date. Without it each board load walked every open
-- case (0.58 s over 100,000 cases) to find the few with a date in the past.
CREATE INDEX cases_follow_up ON cases(next_follow_up)
    WHERE next_follow_up IS NOT NULL AND status IN ('new', 'in_progress', 'waiting_on_enterprise');
-- Significant cases newest first (escalations waiting for a decision, on the chiefs' and the
-- working group's boards): 0.2 s over 100,000 cases without it.
CREATE INDEX cases_significant_id ON cases(significant, id);
