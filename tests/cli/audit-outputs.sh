# audit-outputs.sh - the outputs: byte-identical XML for the same inputs, atomic writes (a failed
# run leaves a good report untouched and no temporary file), HTML escaping of data values, a
# self-contained HTML with no unique person's values, --classes-csv hiding small classes, and
# recognition of columns without --qi.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/audit
Q="--qi postcode:postcode:district,date_of_birth:date:year,sex:sex"
a () { "$REIDRISK" audit --quiet --as-of 2021-01-01 --person pid "$@"; }

# The same inputs and options (the output paths are in the recorded command line) give the
# same bytes.
mkdir "$TMP/out1"
a "$D/small.csv" $Q --xml "$TMP/out1/r.xml" --html "$TMP/out1/r.html" >/dev/null
cp "$TMP/out1/r.xml" "$TMP/first.xml"
a "$D/small.csv" $Q --xml "$TMP/out1/r.xml" --html "$TMP/out1/r.html" >/dev/null
cmp -s "$TMP/out1/r.xml" "$TMP/first.xml" && ok || fail "XML differs between identical runs"

# A failed run neither replaces a good report nor leaves a temporary file beside it.
cp "$TMP/out1/r.xml" "$TMP/good.xml"
{ head -3 "$D/small.csv"; echo "p9,LS6 2AK,1980-03-07,M,A,I10"; } > "$TMP/bad.csv"
run_status a "$TMP/bad.csv" $Q --xml "$TMP/out1/r.xml" --html "$TMP/out1/r.html"
expect_eq "status of failed run" "$status" 2
cmp -s "$TMP/out1/r.xml" "$TMP/good.xml" && ok || fail "failed run changed the XML report"
expect_eq "files left in the output directory" "$(ls -A "$TMP/out1" | tr '\n' ' ')" "r.html r.xml "
run_status a "$D/small.csv" $Q --xml "$TMP/no/such/dir/r.xml"
expect_eq "status writing into a missing directory" "$status" 2

# The HTML: self-contained, no script, no unique person's values.
H=$TMP/out1/r.html
grep -qi '<script' "$H" && fail "HTML holds a script element" || ok
grep -Eqi 'https?://|[[:space:]]src=' "$H" && fail "HTML loads something from outside" || ok
grep -q '<svg' "$H" && ok || fail "HTML has no inline SVG chart"
for unique in "LS6 2AD" "1981-12-31" "LS6 3XY" "p3" "p4"; do
  # Whole words: the command line in the report holds a random temporary directory name.
  grep -qw -- "$unique" "$H" && fail "HTML leaks a unique person's value '$unique'" || ok
done

# Values from the data are escaped: a column named like markup shows as text.
sed '1s/^pid,postcode/pid,<script>alert(1)<\/script>/' "$D/small.csv" > "$TMP/markup.csv"
a "$TMP/markup.csv" --qi '<script>alert(1)</script>:postcode,sex:sex' --html "$TMP/m.html" --xml "$TMP/m.xml" >/dev/null
grep -qi '<script' "$TMP/m.html" && fail "markup in a column name was not escaped" || ok
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/m.html" && ok || fail "escaped column name missing from HTML"
expect_xpath "$TMP/m.xml" "/reidrisk/qi[1]/@name" "<script>alert(1)</script>"

# --classes-csv: classes below 5 only with --show-small-classes.
a "$D/small.csv" $Q --classes-csv "$TMP/c.csv" >/dev/null
expect_eq "small classes hidden" "$(cat "$TMP/c.csv")" "postcode,date_of_birth,sex,size"
a "$D/small.csv" $Q --classes-csv "$TMP/c.csv" --show-small-classes >/dev/null
expect_eq "classes written" "$(sed 1d "$TMP/c.csv" | sort | tr '\n' ' ')" \
  "LS6,1980,F,1 LS6,1980,M,2 LS6,1981,F,1 LS7,1980,M,2 M1,1975,F,2 "

# Without --qi: columns recognised by header, reported on stderr and in the results.
run_status "$REIDRISK" audit "$D/small.csv" --person pid --as-of 2021-01-01 --xml "$TMP/d.xml"
expect_eq "status without --qi" "$status" 0
grep -q "recognised column 'postcode'" "$TMP/err" && ok || fail "no recognition line: $(cat "$TMP/err")"
expect_xpath "$TMP/d.xml" "count(/reidrisk/qi)" 4
expect_xpath "$TMP/d.xml" "/reidrisk/qi[@name='date_of_birth']/@type" date
expect_xpath "$TMP/d.xml" "/reidrisk/qi[@name='date_of_birth']/@source" header
expect_xpath "$TMP/d.xml" "count(/reidrisk/detected/column)" 4
finish
