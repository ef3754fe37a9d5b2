#!/usr/bin/env python3
"""The raw SQLite baseline of measure 2's surge, measured in the same run as the server: one
client writes what a submitted application writes (the year's reference counter, the
application with its stored decision, its first step, and the audit entry with the chain's
head), one transaction per application, straight into a copy of the store taken before the
surge (WAL, synchronous=FULL). The decision and audit texts are copied from an application
the server stored, so the rows weigh the same. Prints applications per second.

Usage: python3 bench/baseline_funds.py BASELINE.db SERVED.db SECONDS PROGRAMME_IDS USCCS.txt"""
import hashlib
import json
import sqlite3
import sys
import time
import uuid

db, served, seconds, programmes, usccs_file = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4].split(","), sys.argv[5]
usccs = open(usccs_file, encoding="ascii").read().split()
src = sqlite3.connect(served)
app = src.execute("SELECT * FROM fund_applications ORDER BY submitted_at LIMIT 1").fetchone()
cols = [d[0] for d in src.execute("SELECT * FROM fund_applications LIMIT 0").description]
sample = dict(zip(cols, app))
after = src.execute("SELECT after_json FROM audit_log WHERE action = 'fund_application_submitted' LIMIT 1").fetchone()[0]
src.close()

con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("PRAGMA foreign_keys=ON")


def submit(g):
    now = int(time.time() * 1000)
    aid = str(uuid.uuid4())
    p, u = programmes[g % len(programmes)], usccs[g // len(programmes)]
    con.execute("BEGIN IMMEDIATE")
    (last,) = con.execute(
        "INSERT INTO fund_application_counters (year, last) VALUES (?, 1) "
        "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last", (sample["year"],)).fetchone()
    con.execute(
        "INSERT INTO fund_applications (id, reference, programme_id, division, uscc, year, figures, status, channel, idempotency_key, "
        "missing, decision, eligible, amount_fen, rule_version, due_at, submitted_by, submitted_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', 'api', ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, f"B-{sample['year']}-{last:07d}", p, sample["division"], u, sample["year"],
         json.dumps({"premiums_paid": 100000 + g % 1000}), f"raw-{g}", sample["decision"], sample["eligible"],
         sample["amount_fen"], sample["rule_version"], sample["due_at"], sample["submitted_by"], now, now))
    con.execute(
        "INSERT INTO fund_application_steps (id, application_id, step, to_status, actor_id, actor, at) "
        "VALUES (?, ?, 'submit', 'submitted', ?, 'bench', ?)", (str(uuid.uuid4()), aid, sample["submitted_by"], now))
    seq, prev = con.execute("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetchone()
    h = hashlib.sha256(f"{seq}{aid}{after}{prev}".encode()).hexdigest()
    con.execute(
        "INSERT INTO audit_log (seq, id, at, actor_id, actor, action, object_type, object_id, after_json, alg, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, 'bench', 'fund_application_submitted', 'fund_application', ?, ?, 'hmac-sha256', ?, ?)",
        (seq, str(uuid.uuid4()), now, sample["submitted_by"], aid, after, prev, h))
    con.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (h,))
    con.execute("COMMIT")


n, end = 0, time.perf_counter() + seconds
start = time.perf_counter()
while time.perf_counter() < end and n < len(usccs) * len(programmes):
    submit(n)
    n += 1
print(f"{n / (time.perf_counter() - start):.0f}")
