# link.sh - `reidrisk link RELEASE AUX`: the exact link worked by hand in
# tests/data/attack/README.md through the XPaths the issue names, columns paired by --on, the
# probabilistic default, --show-links (the only way the release's values reach a report), the
# schema, the summary line, and the errors.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
D=$TEST_DATA_DIR/attack
ON="--on postcode=pc,date_of_birth=dob,sex=sex"
l () { "$REIDRISK" link "$D/link-release.csv" "$D/link-aux.csv" --person pid --as-of 2021-01-01 \
  --qi postcode:postcode,date_of_birth:date,sex:sex -q "$@"; }

run_status l $ON --method exact --xml "$TMP/e.xml" --html "$TMP/e.html"
expect_eq "status" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/e.xml" 2>/dev/null && ok || fail "schema (exact)"
expect_xpath "$TMP/e.xml" "/reidrisk/link/@method" exact
expect_xpath "$TMP/e.xml" "/reidrisk/link/@aux-records" 6
expect_xpath "$TMP/e.xml" "/reidrisk/link/@linked-unique" 3
expect_xpath "$TMP/e.xml" "/reidrisk/link/@linked-ambiguous" 1
expect_xpath "$TMP/e.xml" "/reidrisk/link/@unlinked" 2
expect_xpath "$TMP/e.xml" "/reidrisk/link/@release-records-linked" 2
expect_xpath "$TMP/e.xml" "/reidrisk/link/@release-conflicts" 1
expect_xpath "$TMP/e.xml" "/reidrisk/link/field[2]/@aux" dob
expect_xpath "$TMP/e.xml" "/reidrisk/link/release/@persons" 5
expect_xpath "$TMP/e.xml" "count(/reidrisk/link/links)" 0
grep -q "^link (exact): 6 aux records: 3 linked uniquely (50.0%), 1 ambiguously, 2 not linked" "$TMP/out" && ok || fail "stdout: $(cat "$TMP/out")"
for value in C50 J45 r3 r4; do
  grep -qw "$value" "$TMP/e.html" "$TMP/e.xml" && fail "'$value' shown without --show-links" || ok
done

# --show-links lists the unique links with the release's values.
run_status l $ON --method exact --show-links --sensitive diagnosis --xml "$TMP/s.xml" --html "$TMP/s.html"
expect_eq "status --show-links" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/s.xml" 2>/dev/null && ok || fail "schema (links)"
expect_xpath "$TMP/s.xml" "count(/reidrisk/link/links/pair)" 3
expect_xpath "$TMP/s.xml" "/reidrisk/link/links/pair[1]/@person" r3
expect_xpath "$TMP/s.xml" "/reidrisk/link/links/pair[1]/value[@column='diagnosis']" C50
grep -qw C50 "$TMP/s.html" && ok || fail "the HTML does not list the linked values"

# Probabilistic (the default): every record is counted once.
run_status l $ON --xml "$TMP/p.xml" --html "$TMP/p.html"
expect_eq "status probabilistic" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/p.xml" 2>/dev/null && ok || fail "schema (probabilistic)"
expect_xpath "$TMP/p.xml" "/reidrisk/link/@method" probabilistic
expect_xpath "$TMP/p.xml" "/reidrisk/link/@linked-unique + /reidrisk/link/@linked-ambiguous + /reidrisk/link/@unlinked" 6
expect_xpath "$TMP/p.xml" "count(/reidrisk/link/blocking)" 3
expect_xpath "$TMP/p.xml" "count(/reidrisk/link/em)" 1
grep -q '<svg' "$TMP/p.html" && ok || fail "no chart in the link report"

# One blocking pass of the caller's: only pairs agreeing on the postcode are scored.
run_status l $ON --block postcode --xml "$TMP/b.xml"
expect_eq "status --block" "$status" 0
expect_xpath "$TMP/b.xml" "count(/reidrisk/link/blocking)" 1
expect_xpath "$TMP/b.xml" "/reidrisk/link/blocking/@fields" postcode
expect_xpath "$TMP/b.xml" "/reidrisk/link/blocking/@used" true

# Errors: one line each, exit status 2.
expect_error "pair them with --on" "$REIDRISK" link "$D/link-release.csv" "$D/link-aux.csv" \
  --person pid --qi postcode:postcode -q
expect_error "--method must be 'exact' or 'probabilistic'" l $ON --method fuzzy
expect_error "--sensitive goes with --show-links" l $ON --sensitive diagnosis
expect_error "--threshold goes with --method probabilistic" l $ON --method exact --threshold 3
expect_error "--on item 'postcode' is not A=B" l --on postcode
expect_error "AUX has no column 'zip'" l --on postcode=zip
expect_error "'shoe' is not one of the release's quasi-identifiers" l --on shoe=pc
expect_error "--block sex,shoe: 'shoe' is not a linked field" l $ON --block sex,shoe
expect_error "link takes a RELEASE and an AUX file" "$REIDRISK" link "$D/link-release.csv"
finish
