#!/usr/bin/env python3
"""Adds N cases (with one timeline event each) straight into a Lifeline SQLite store, for the
load benchmark's 100,000-case workload. The app has already created the schema, the table and
the enterprise. Prints two case ids: one for W2 (records pile up) and one for W3 (reads)."""
import sqlite3
import sys
import time
import uuid

db, n, uscc = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
now = int(time.time() * 1000)
statuses = ["new", "in_progress", "waiting_on_enterprise", "resolved", "closed"]
ids = []
with con:
    for i in range(n):
        cid = str(uuid.uuid4())
        ids.append(cid)
        st = statuses[i % 5]
        con.execute(
            "INSERT INTO cases (id, kind, measure, enterprise, subject, body, category, channel, division, status, priority, significant, created_by, created_at, updated_at) "
            "VALUES (?, 'difficulty', 1, ?, 'seeded', 'seeded for the benchmark', 'logistics', 'api', 'IP3', ?, 'normal', 0, 'bench', ?, ?)",
            (cid, uscc, st, now - i, now - i),
        )
        con.execute(
            "INSERT INTO case_events (id, case_id, kind, content, internal, to_status, actor, at) VALUES (?, ?, 'created', 'seeded', 0, ?, 'bench', ?)",
            (str(uuid.uuid4()), cid, st, now - i),
        )
print(ids[0], ids[1])
