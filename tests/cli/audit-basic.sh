# audit-basic.sh - end to end: the hand-worked figures of tests/data/audit/README.md in the XML
# results (XPaths named by the issue), schema validity, grouping per person, the two levels,
# --threshold, --person absent, inconsistent persons, and the stdout summary.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/audit
X=$TMP/r.xml

run_status "$REIDRISK" audit "$D/small.csv" --person pid --quiet --as-of 2021-01-01 \
  --qi postcode:postcode:district,date_of_birth:date:year,sex:sex --threshold 0.5 --xml "$X"
expect_eq "status" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$X" 2>/dev/null && ok || fail "schema"
expect_xpath "$X" "/reidrisk/input/@records" 10
expect_xpath "$X" "/reidrisk/input/@persons" 8
expect_xpath "$X" "/reidrisk/input/@sha256" "$(sha256sum "$D/small.csv" | cut -d' ' -f1)"
expect_xpath "$X" "count(/reidrisk/qi)" 3
expect_xpath "$X" "/reidrisk/qi[1]/@name" postcode
expect_xpath "$X" "/reidrisk/qi[1]/@type" postcode
expect_xpath "$X" "/reidrisk/qi[1]/@level" district
expect_xpath "$X" "/reidrisk/qi[2]/@level" year
expect_xpath "$X" "/reidrisk/classes/@count" 5
expect_xpath "$X" "/reidrisk/classes/@min-size" 1
expect_xpath "$X" "/reidrisk/classes/@sample-uniques" 2
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@max" 1
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@mean" 0.625
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@records-at-risk" 0.25
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@threshold" 0.5
grep -q "prosecutor risk: max 1, mean 0.625" "$TMP/out" && ok || fail "stdout summary: $(cat "$TMP/out")"

# Unit and day levels: p2's lower-case postcode and DD/MM/YYYY date normalise to p1's.
run_status "$REIDRISK" audit "$D/small.csv" --person pid --quiet --as-of 2021-01-01 \
  --qi postcode,date_of_birth:date,sex:sex --xml "$X"
expect_xpath "$X" "/reidrisk/classes/@count" 6
expect_xpath "$X" "/reidrisk/classes/@sample-uniques" 4
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@mean" 0.75
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@threshold" 0.09
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@records-at-risk" 1

# Without --person every row is a person.
run_status "$REIDRISK" audit "$D/small.csv" --quiet --as-of 2021-01-01 \
  --qi postcode:postcode:district,date_of_birth:date:year,sex:sex --xml "$X"
expect_xpath "$X" "/reidrisk/input/@persons" 10
expect_xpath "$X" "/reidrisk/classes/@count" 5

# Age bands from the date of birth at --as-of 2021-01-01: 1981-12-31 is 39 -> "30"; the other
# seven are 40 to 45 -> "40".
run_status "$REIDRISK" audit "$D/small.csv" --person pid --quiet --as-of 2021-01-01 \
  --qi date_of_birth:date:age10 --classes-csv "$TMP/c.csv" --show-small-classes --xml "$X"
expect_xpath "$X" "/reidrisk/classes/@count" 2
expect_eq "age10 classes" "$(sort "$TMP/c.csv" | tr '\n' ' ')" "30,1 40,7 date_of_birth,size "

# A person whose postcode changes between rows: counted, with the line.
run_status "$REIDRISK" audit "$TEST_DATA_DIR/audit/moved.csv" --person pid --quiet \
  --as-of 2021-01-01 --qi postcode,sex:sex --xml "$X"
expect_eq "status moved" "$status" 0
expect_xpath "$X" "/reidrisk/input/@inconsistent-persons" 1
expect_xpath "$X" "/reidrisk/input/@persons" 8

# gzip input gives the same figures as the plain file.
gzip -n -c "$D/small.csv" > "$TMP/small.csv.gz"
run_status "$REIDRISK" audit "$TMP/small.csv.gz" --person pid --quiet --as-of 2021-01-01 \
  --qi postcode:postcode:district,date_of_birth:date:year,sex:sex --xml "$X"
expect_xpath "$X" "/reidrisk/classes/@count" 5
expect_xpath "$X" "/reidrisk/risk[@model='prosecutor']/@mean" 0.625

# TSV by extension.
tr ',' '\t' < "$D/small.csv" > "$TMP/small.tsv"
run_status "$REIDRISK" audit "$TMP/small.tsv" --person pid --quiet --as-of 2021-01-01 \
  --qi postcode:postcode:district,date_of_birth:date:year,sex:sex --xml "$X"
expect_xpath "$X" "/reidrisk/classes/@count" 5
finish
