#!/usr/bin/env python3
"""Signed group-bot messages for the intake benchmark: one file per wrk thread, each line
`sha256=<hmac>\t<body>`, every message id unique, senders drawn from a pool (so that most
messages join the sender's open inquiry and some open new ones)."""
import hashlib
import hmac
import json
import sys

secret, prefix, threads, per_thread, senders, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
texts = ["请问出口信用保险保费补贴怎么申请？", "口罩出口需要什么资质？", "货物在港口滞留，如何加快通关？", "外派劳务人员返岗有哪些防疫要求？", "复工后员工核酸检测费用能否补贴？"]
for t in range(1, threads + 1):
    with open(f"{prefix}{t}.txt", "w", encoding="utf-8") as f:
        for i in range(per_thread):
            body = json.dumps({"message_id": f"{tag}-t{t}-{i}", "sender": {"id": f"wx_{tag}_{(i * 7 + t) % senders}", "name": f"企业联系人{i % senders}"},
                               "text": texts[i % len(texts)]}, ensure_ascii=False, separators=(",", ":"))
            sig = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
            f.write(f"sha256={sig}\t{body}\n")
