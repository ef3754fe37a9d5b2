#!/usr/bin/env python3
"""The raw SQLite baseline, measured in the same run as the server: the same inserts and reads
as W1-W4, straight into a copy of the store (WAL, synchronous=FULL, one transaction per write).
Prints operations per second for each workload."""
import sqlite3
import sys
import time
import uuid

db, uscc, w2_case, w3_case, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")


def rate(op):
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        op()
        n += 1
    return n / seconds


def w1():
    now = int(time.time() * 1000)
    cid = str(uuid.uuid4())
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO cases (id, kind, measure, enterprise, subject, body, category, channel, division, status, priority, significant, created_by, created_at, updated_at) "
                "VALUES (?, 'difficulty', 1, ?, 'b', 'b', 'logistics', 'api', 'IP3', 'new', 'normal', 0, 'bench', ?, ?)", (cid, uscc, now, now))
    con.execute("INSERT INTO case_events (id, case_id, kind, content, internal, actor, at) VALUES (?, ?, 'created', '', 0, 'bench', ?)", (str(uuid.uuid4()), cid, now))
    con.execute("COMMIT")


def w2():
    now = int(time.time() * 1000)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO case_events (id, case_id, kind, record_kind, content, internal, actor, at) VALUES (?, ?, 'record', 'call', 'c', 0, 'bench', ?)", (str(uuid.uuid4()), w2_case, now))
    con.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (now, w2_case))
    con.execute("COMMIT")


def w3():
    con.execute("SELECT * FROM cases WHERE id = ?", (w3_case,)).fetchall()
    con.execute("SELECT * FROM case_events WHERE case_id = ? ORDER BY at, id", (w3_case,)).fetchall()


def w4():
    con.execute("SELECT count(*) FROM cases WHERE status IN ('new', 'in_progress', 'waiting_on_enterprise')").fetchall()
    con.execute("SELECT * FROM cases WHERE status IN ('new', 'in_progress', 'waiting_on_enterprise') ORDER BY id DESC LIMIT 51").fetchall()


for name, op in [("W1", w1), ("W2", w2), ("W3", w3), ("W4", w4)]:
    print(f"{name} {rate(op):.0f}")
