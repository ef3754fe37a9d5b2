-- Open-case totals without counting: cases per (division, status), kept by triggers, so that a
-- list's total for staff (all cases, or one division's) is a sum of a few rows.
CREATE TABLE case_counts (
    division TEXT NOT NULL,
    status   TEXT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (division, status)
);

INSERT INTO case_counts (division, status, n)
SELECT division, status, count(*) FROM cases GROUP BY division, status;

CREATE FUNCTION case_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE case_counts SET n = n - 1 WHERE division = OLD.division AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO case_counts (division, status, n) VALUES (NEW.division, NEW.status, 1)
            ON CONFLICT (division, status) DO UPDATE SET n = case_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER case_counts_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION case_counts_keep();
CREATE TRIGGER case_counts_update AFTER UPDATE OF division, status ON cases
    FOR EACH ROW WHEN (OLD.division IS DISTINCT FROM NEW.division OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION case_counts_keep();
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION case_counts_keep();

-- The audit chain's head follows each appended entry, in the same statement as the append.
CREATE FUNCTION audit_head_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_head_follow();
