#!/usr/bin/env python3
"""convert-england-population.py - reshapes the England tables of data/england/ into the
population-table format of doc/population-tables.md, in data/england/population/.

Reshaping only: columns are renamed, dropped or added as constants (the level), region names
are replaced by their ONS GSS codes, and the published "Total" rows of the ethnic-group table
are dropped after checking that they equal the sum of their categories.  No count is changed:
the script asserts that every output table sums, region by region, to its input.

Usage: scripts/convert-england-population.py [SRC_DIR [OUT_DIR]]
       (defaults: data/england and data/england/population, relative to the repository)
"""
import collections
import csv
import os
import sys

# ONS GSS codes of the nine English regions (ONS Register of Geographic Codes, E12).
REGIONS = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "East": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}

# Census 2021 TS021 labels -> NHS ethnic category codes (NHS Data Dictionary, "Ethnic
# Category", the 2001-census-based codes used in HES and GP extracts).  Census 2021 added
# Roma and Arab: Roma goes to C (any other White background) with Gypsy or Irish Traveller,
# Arab to S (any other ethnic group).  Chinese is R, under "other ethnic groups" in the NHS list.
ETHNIC_CODES = [
    ("White: English, Welsh, Scottish, Northern Irish or British", "A"),
    ("White: Irish", "B"),
    ("White: Gypsy or Irish Traveller", "C"),
    ("White: Roma", "C"),
    ("White: Other White", "C"),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", "D"),
    ("Mixed or Multiple ethnic groups: White and Black African", "E"),
    ("Mixed or Multiple ethnic groups: White and Asian", "F"),
    ("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", "G"),
    ("Asian, Asian British or Asian Welsh: Indian", "H"),
    ("Asian, Asian British or Asian Welsh: Pakistani", "J"),
    ("Asian, Asian British or Asian Welsh: Bangladeshi", "K"),
    ("Asian, Asian British or Asian Welsh: Other Asian", "L"),
    ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", "M"),
    ("Black, Black British, Black Welsh, Caribbean or African: African", "N"),
    ("Black, Black British, Black Welsh, Caribbean or African: Other Black", "P"),
    ("Asian, Asian British or Asian Welsh: Chinese", "R"),
    ("Other ethnic group: Arab", "S"),
    ("Other ethnic group: Any other ethnic group", "S"),
]
TOTAL_LABEL = "Total: All usual residents"


def read(src, name):
    with open(os.path.join(src, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(out, name, header, rows):
    with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def geography(src, out):
    rows = read(src, "england_postcode_district_census2011_population.csv")
    res = [("district", r["postcode_district"], r["population"], REGIONS[r["region"]])
           for r in rows]
    before, after = collections.Counter(), collections.Counter()
    for r in rows:
        before[REGIONS[r["region"]]] += int(r["population"])
    for r in res:
        after[r[3]] += int(r[2])
    assert before == after and len(res) == 2098
    write(out, "geography.csv", ["level", "code", "population", "region"], res)
    return sum(after.values())


def age_sex(src, out):
    rows = read(src, "england_mye2020_age_sex.csv")
    res = [(r["age"], r["sex"], r["population"]) for r in rows]
    assert len(res) == 182
    write(out, "age-sex.csv", ["age", "sex", "population"], res)
    return sum(int(r[2]) for r in res)


def births(src, out):
    rows = read(src, "ew_births_by_day_of_year_1995_2014.csv")
    res = [(r["month"], r["day"], r["average_daily_births"]) for r in rows]
    assert len(res) == 366
    write(out, "births.csv", ["month", "day", "weight"], res)
    return sum(float(r[2]) for r in res)


def ethnicity(src, out):
    rows = read(src, "england_census2021_ethnic_group_by_region.csv")
    codes = dict(ETHNIC_CODES)
    totals, sums = {}, collections.Counter()
    res = []
    for r in rows:
        region = REGIONS[r["region"]]
        if r["ethnic_group"] == TOTAL_LABEL:
            totals[region] = int(r["population"])
            continue
        assert r["ethnic_group"] in codes, r["ethnic_group"]
        sums[region] += int(r["population"])
        res.append((region, r["ethnic_group"], r["population"]))
    assert totals == dict(sums) and len(res) == 9 * 19
    write(out, "ethnicity.csv", ["region", "category", "population"], res)
    write(out, "ethnicity-codes.csv", ["category", "code"], ETHNIC_CODES)
    return sum(sums.values())


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "data", "england")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(src, "population")
    os.makedirs(out, exist_ok=True)
    print("geography", geography(src, out))
    print("age-sex", age_sex(src, out))
    print("births", round(births(src, out), 2))
    print("ethnicity", ethnicity(src, out))


if __name__ == "__main__":
    main()
