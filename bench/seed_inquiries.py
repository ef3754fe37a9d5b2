#!/usr/bin/env python3
"""Adds N inquiries with their search terms straight into a Lifeline SQLite store, for the
inquiry search benchmark. Each question is three four-character phrases; the terms are their
overlapping two-character words, as Lifeline indexes Chinese."""
import random
import sqlite3
import sys
import time
import uuid

db, n = sys.argv[1], int(sys.argv[2])
WORDS = ["口罩", "出口", "补贴", "通关", "复工", "防疫", "物资", "保险", "资金", "税费", "员工", "海关", "物流", "订单",
         "合同", "外汇", "劳务", "项目", "申请", "材料", "港口", "运输", "工资", "社保", "租金", "贷款", "展会", "签证",
         "隔离", "检测", "原料", "产能", "库存", "发票", "退税", "关税", "认证", "标准", "许可", "进口"]
rng = random.Random(7)
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=OFF")
now = int(time.time() * 1000)
batch_cases, batch_terms = [], []


def flush():
    con.executemany("INSERT INTO cases (id, kind, measure, subject, body, channel, division, status, priority, significant, created_by, created_at, updated_at, fast) "
                    "VALUES (?, 'inquiry', 3, ?, ?, 'web', 'IP3', 'new', 'normal', 0, 'bench', ?, ?, 0)", batch_cases)
    con.executemany("INSERT OR IGNORE INTO case_terms (term, case_id) VALUES (?, ?)", batch_terms)
    batch_cases.clear()
    batch_terms.clear()


with con:
    for i in range(n):
        # Time-ordered ids, as Lifeline's UUIDv7 are.
        at = now - (n - i) * 10
        cid = str(uuid.UUID(int=((at << 80) | (0x7 << 76) | rng.getrandbits(76)) & ((1 << 128) - 1)))
        phrases = [rng.choice(WORDS) + rng.choice(WORDS) for _ in range(3)]
        question = "，".join(phrases) + "？"
        batch_cases.append((cid, question[:60], question, at, at))
        terms = set()
        for p in phrases:
            for k in range(3):
                terms.add(p[k:k + 2])
        batch_terms.extend((t, cid) for t in terms)
        if len(batch_cases) >= 20000:
            flush()
    flush()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
