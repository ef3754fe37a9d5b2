#!/usr/bin/env python3
"""Writes and publishes N FAQ entries in four languages through the API (keep-alive
connections, a few threads), for the FAQ search benchmark."""
import http.client
import json
import random
import sys
import threading

host, port, token, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ZH = ["口罩", "出口", "补贴", "通关", "复工", "防疫", "物资", "保险", "资金", "税费", "员工", "海关", "物流", "订单", "合同", "外汇", "劳务", "项目", "申请", "材料"]
JA = ["マスク", "輸出", "補助金", "通関", "再開", "防疫", "物資", "保険", "資金", "税金", "従業員", "税関", "物流", "注文", "契約"]
KO = ["마스크", "수출", "보조금", "통관", "재개", "방역", "물자", "보험", "자금", "세금", "직원", "세관", "물류", "주문", "계약"]
EN = ["mask", "export", "subsidy", "customs", "resumption", "epidemic", "supplies", "insurance", "fund", "tax", "staff", "logistics", "order", "contract", "labour"]


def text(words, rng, k, sep):
    return sep.join(rng.choice(words) for _ in range(k))


def worker(start, step):
    rng = random.Random(start)
    conn = http.client.HTTPConnection(host, port)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for i in range(start, n, step):
        body = {"measure": 3, "tags": ["bench"], "texts": [
            {"lang": "zh-CN", "question": text(ZH, rng, 4, "") + "怎么办？", "answer": text(ZH, rng, 24, "，")},
            {"lang": "en", "question": "How about " + text(EN, rng, 4, " ") + "?", "answer": text(EN, rng, 30, " ")},
            {"lang": "ja", "question": text(JA, rng, 3, "の") + "は？", "answer": text(JA, rng, 20, "、")},
            {"lang": "ko", "question": text(KO, rng, 3, " ") + "?", "answer": text(KO, rng, 20, " ")},
        ]}
        conn.request("POST", "/api/v1/faq-entries", json.dumps(body), headers)
        r = conn.getresponse()
        created = json.loads(r.read())
        if r.status != 201:
            raise SystemExit(f"entry {i}: {r.status} {created}")
        conn.request("POST", f"/api/v1/faq-entries/{created['id']}/status", json.dumps({"status": "published"}), headers)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise SystemExit(f"publish {i}: {r.status}")


threads = [threading.Thread(target=worker, args=(k, 4)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
