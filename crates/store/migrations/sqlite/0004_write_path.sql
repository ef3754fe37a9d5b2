-- Open-case totals without counting: cases per (division, status), kept by triggers, so that a
-- list's total for staff (all cases, or one division's) is a sum of a few rows.
CREATE TABLE case_counts (
    division TEXT NOT NULL,
    status   TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (division, status)
) STRICT, WITHOUT ROWID;

INSERT INTO case_counts (division, status, n)
SELECT division, status, count(*) FROM cases GROUP BY division, status;

CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts (division, status, n) VALUES (NEW.division, NEW.status, 1)
        ON CONFLICT (division, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_update AFTER UPDATE OF division, status ON cases
WHEN OLD.division IS NOT NEW.division OR OLD.status IS NOT NEW.status BEGIN
    UPDATE case_counts SET n = n - 1 WHERE division = OLD.division AND status = OLD.status;
    INSERT INTO case_counts (division, status, n) VALUES (NEW.division, NEW.status, 1)
        ON CONFLICT (division, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1 WHERE division = OLD.division AND status = OLD.status;
END;

-- The audit chain's head follows each appended entry, in the same statement as the append.
CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;
