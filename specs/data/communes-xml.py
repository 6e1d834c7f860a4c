#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a gi-spec <communes> element from a commune-reorganisation CSV.

Input columns: new_code,new_unit,new_kind,former_unit,former_kind,
former_code,former_district (one row per former unit; see README.md).
Output: the element, indented for specs/*.xml, on stdout; new communes in
the order they first appear, former units in file order.
"""
import csv
import sys
from xml.sax.saxutils import quoteattr

EFFECTIVE = "2025-07-01"
SOURCE = ("Resolution 1670/NQ-UBTVQH15 (16 June 2025) as compiled in "
          "specs/data/lai-chau-communes-2025.csv from secondary sources "
          "until checked against the resolution's text; codes per Decision "
          "19/2025/QĐ-TTg")


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    order, formers, meta = [], {}, {}
    for r in rows:
        code = r["new_code"]
        if code not in formers:
            order.append(code)
            formers[code] = []
            meta[code] = (r["new_unit"], r["new_kind"])
        elif meta[code] != (r["new_unit"], r["new_kind"]):
            sys.exit(f"{path}: new code {code} has two names")
        formers[code].append(r)
    out = [f'  <communes effective="{EFFECTIVE}"',
           f'            source={quoteattr(SOURCE)}>']
    for code in order:
        name, kind = meta[code]
        out.append(f'    <commune code="{code}" name={quoteattr(name)} kind={quoteattr(kind)}>')
        for r in formers[code]:
            out.append(f'      <former code="{r["former_code"]}" name={quoteattr(r["former_unit"])}'
                       f' kind={quoteattr(r["former_kind"])} district={quoteattr(r["former_district"])}/>')
        out.append('    </commune>')
    out.append('  </communes>')
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: communes-xml.py FILE.csv")
    main(sys.argv[1])
