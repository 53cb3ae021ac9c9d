#!/usr/bin/env python3
"""F1 on the mainly-Chinese pages of the magic-html article benchmark.

Usage:
  python3 score_extraction.py BENCH/magic-html-article --cmd '... {html} ...' --json OUT.json
  python3 bench/extract/zh_f1.py BENCH/magic-html-article OUT.json

A page counts as Chinese when Han characters are more than 30 % of its ground-truth text (the
whole `content` string, whitespace included): 57 of the 158 pages. Prints one line:
  zh_cases=N f1=X precision=P recall=R
"""
import json
import re
import sys

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # the scorer's CJK token ranges
MIN_HAN_SHARE = 0.3


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1].rstrip("/") + "/base.json", encoding="utf-8") as f:
        truth = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        rows = json.load(f)["cases"]
    chinese = {k for k, v in truth.items()
               if len(HAN.findall(v["content"])) > MIN_HAN_SHARE * max(1, len(v["content"]))}
    picked = [r for r in rows if r["case"] in chinese and "f1" in r]
    if not picked:
        sys.exit("no Chinese pages among the scored cases")
    avg = {k: sum(r[k] for r in picked) / len(picked) for k in ("f1", "precision", "recall")}
    print(f"zh_cases={len(picked)} f1={avg['f1']:.4f} precision={avg['precision']:.4f} recall={avg['recall']:.4f}")


if __name__ == "__main__":
    main()
