#!/usr/bin/env python3
"""Writes N realistic enterprise rows (valid USCCs, Dalian districts) for import benchmarks.

Usage: python3 bench/gen_enterprises.py 100000 /tmp/enterprises.csv
"""
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
DISTRICTS = ["210202", "210203", "210204", "210211", "210212", "210213", "210214", "210224", "210281", "210283"]
KINDS = ["foreign_invested", "foreign_trade", "overseas_investing", "labour_dispatch"]
COUNTRIES = ["JP", "KR", "US", "DE", "SG", "HK", "TW", "GB", "FR", "NL"]
INDUSTRIES = ["machinery", "electronics", "chemicals", "logistics", "food", "textiles", "software", "shipbuilding"]


def uscc(n: int) -> str:
    body = "91" + random.choice(DISTRICTS) + "".join(ALPHABET[(n // 31 ** i) % 31] for i in range(9))
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    random.seed(2020)
    with open(out, "w", encoding="utf-8") as f:
        f.write("uscc,name,name_en,district,kinds,investor_country,industry,address,contact_name,contact_mobile,contact_email,employees\n")
        for i in range(n):
            code = uscc(i + 1000)
            d = code[2:8]
            kinds = ";".join(sorted(random.sample(KINDS, random.randint(1, 2)), key=KINDS.index))
            f.write(f"{code},大连测试企业{i}有限公司,Dalian Test Enterprise {i} Co. Ltd,{d},{kinds},{random.choice(COUNTRIES)},"
                    f"{random.choice(INDUSTRIES)},大连市第{i % 500}号路{i % 97}号,联系人{i % 1000},139{i:08d},contact{i}@example.cn,{random.randint(5, 3000)}\n")


if __name__ == "__main__":
    main()
