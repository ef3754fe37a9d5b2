#!/usr/bin/env python3
"""Adds N enterprises (valid USCCs, Dalian districts, foreign-invested or foreign-trade)
straight into a Lifeline SQLite store, for measure 2's surge benchmark, and writes their USCCs
to a file, one a line, for the load driver. The app has already created the schema and
imported the districts.

Usage: python3 bench/seed_enterprises.py STORE.db N USCCS.txt"""
import random
import sqlite3
import sys
import time

from gen_enterprises import COUNTRIES, INDUSTRIES, uscc

db, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(2020)
con = sqlite3.connect(db)
now = int(time.time() * 1000)
codes = []
with con:
    for i in range(n):
        code = uscc(i + 1000)
        codes.append(code)
        kinds = "foreign_invested" if i % 3 else "foreign_invested,foreign_trade"
        con.execute(
            "INSERT INTO enterprises (uscc, name, name_en, kinds, district, investor_country, industry, employees, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
            (code, f"大连测试企业{i}有限公司", f"Dalian Test Enterprise {i} Co. Ltd", kinds, code[2:8],
             random.choice(COUNTRIES), random.choice(INDUSTRIES), random.randint(5, 3000), now, now),
        )
with open(out, "w", encoding="ascii") as f:
    f.write("\n".join(codes) + "\n")
