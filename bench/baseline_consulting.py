#!/usr/bin/env python3
"""The raw SQLite baseline for measure 3's benchmark, in the same run: the intake's writes
(one transaction per message, WAL, synchronous=FULL), the FAQ term lookup, and the inquiry
search's rarest-word walk, straight on a copy of the store. Prints operations per second."""
import sqlite3
import sys
import time
import uuid

db, seconds = sys.argv[1], float(sys.argv[2])
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
group = con.execute("SELECT id FROM messaging_groups LIMIT 1").fetchone()[0]


def rate(op):
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        op(n)
        n += 1
    return n / seconds


def intake(i):
    now = int(time.time() * 1000)
    key = f"{group}:base_{i % 2000}"
    con.execute("BEGIN IMMEDIATE")
    row = con.execute("SELECT id FROM cases WHERE sender_key = ? AND status IN ('new', 'in_progress', 'waiting_on_enterprise') ORDER BY created_at DESC LIMIT 1", (key,)).fetchone()
    if row:
        cid = row[0]
        con.execute("INSERT INTO case_events (id, case_id, kind, record_kind, content, internal, actor, at) VALUES (?, ?, 'record', 'message', '口罩出口需要什么资质？', 0, 'x', ?)", (str(uuid.uuid4()), cid, now))
    else:
        cid = str(uuid.uuid4())
        con.execute("INSERT INTO cases (id, kind, measure, subject, body, channel, division, status, priority, significant, created_by, created_at, updated_at, fast, sender_key) VALUES (?, 'inquiry', 3, 'q', '口罩出口需要什么资质？', 'messaging_group', 'IP3', 'new', 'normal', 0, 'x', ?, ?, 0, ?)", (cid, now, now, key))
    con.execute("INSERT INTO group_messages (group_id, message_id, sender, body, case_id, received_at) VALUES (?, ?, 'x', 'q', ?, ?)", (group, f"base-{i}", cid, now))
    con.execute("COMMIT")


FAQ_QUERIES = [["口罩"], ["出口"], ["补贴"], ["通关"], ["マス", "スク"], ["輸出"], ["마스", "스크"], ["수출"], ["mask"], ["subsidy"], ["custom"], ["保费", "费补", "补贴"]]


def faq(i):
    terms = FAQ_QUERIES[i % len(FAQ_QUERIES)]
    ph = ", ".join("?" for _ in terms)
    con.execute(f"SELECT t.entry_id, t.lang, t.term, t.in_question, t.in_answer FROM faq_terms t JOIN faq_entries e ON e.id = t.entry_id WHERE t.term IN ({ph}) AND e.status = 'published'", terms).fetchall()
    con.execute("SELECT count(*) FROM faq_versions v JOIN faq_entries e ON e.id = v.entry_id AND e.version = v.version WHERE e.status = 'published'").fetchone()


SEARCHES = [["口罩"], ["通关", "物流"], ["退税"], ["社保", "工资"], ["许可", "进口"], ["港口"], ["隔离", "检测"], ["原料", "产能"]]


def search(i):
    terms = SEARCHES[i % len(SEARCHES)]
    sized = sorted((con.execute("SELECT count(*) FROM (SELECT 1 FROM case_terms WHERE term = ? LIMIT 20000)", (t,)).fetchone()[0], t) for t in terms)
    rest = "".join(" AND EXISTS (SELECT 1 FROM case_terms x WHERE x.term = ? AND x.case_id = t0.case_id)" for _ in sized[1:])
    con.execute(f"SELECT c.* FROM case_terms t0 JOIN cases c ON c.id = t0.case_id WHERE t0.term = ?{rest} ORDER BY t0.case_id DESC LIMIT 50", [t for _, t in sized]).fetchall()


for name, op in [("intake", intake), ("faq", faq), ("inquiry", search)]:
    print(f"{name} {rate(op):.0f}")
