# scan.sh - `reidrisk scan` end to end: column verdicts, the dictionary attack on a restricted NHS
# range (SHA-256 reversed, HMAC not), --quick, objections in both forms, --against, the XML and
# HTML outputs (masked values only), exit statuses and errors.
. "$TOP_SRCDIR/tests/cli/lib.sh"
D=$TEST_DATA_DIR/scan
RANGE=--nhs-range=943476000:943477000

run_status "$REIDRISK" scan "$D/release.csv" $RANGE --xml "$TMP/r.xml" --html "$TMP/r.html"
expect_eq "exit status, release with identifiers" "$status" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/@verdict" identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/nhs-number/@count" 8
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='nhs_no']/nhs-number-invalid-check/@count" 2
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/@verdict" free-text-with-identifiers
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/email/@count" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='notes']/phone/@count" 1
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='diagnosis']/@verdict" clean
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='postcode']/@verdict" quasi-identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/column[@name='date_of_birth']/@verdict" quasi-identifier
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversible" true
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@transform" sha256
expect_xpath "$TMP/r.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversed" 8
expect_xpath "$TMP/r.xml" "/reidrisk/@version" "$("$REIDRISK" --version | cut -d' ' -f2)"
# Nothing but masked identifiers in the reports.
for f in "$TMP/r.xml" "$TMP/r.html" "$TMP/out"; do
  if grep -q -e 9434760003 -e 'gp.surgery' -e '900123' "$f"; then fail "$f shows an identifier"; else ok; fi
done
if grep -q '943 \*\*\* \*\*\*\* (valid check digit)' "$TMP/r.html"; then ok; else fail "no masked example in HTML"; fi
if grep -qi -e '<script' -e 'src=' -e 'href=' "$TMP/r.html"; then fail "HTML not self-contained"; else ok; fi
grep -q '^result: FAIL$' "$TMP/out" && ok || fail "summary line"

# HMAC pseudonyms: not reversible; nothing else to find, so the release passes.
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --xml "$TMP/h.xml"
expect_eq "exit status, keyed pseudonyms" "$status" 0
expect_xpath "$TMP/h.xml" "/reidrisk/scan/pseudonym[@column='pid']/@reversible" false
expect_xpath "$TMP/h.xml" "/reidrisk/scan/pseudonym[@column='pid']/@transform" none
expect_xpath "$TMP/h.xml" "count(/reidrisk/scan/pseudonym/try)" 6
# --quick samples a share of the space in which a right transform would reverse 20 pseudonyms;
# with only 10 pseudonyms that share is the whole space, so nothing is skipped (the unit test
# test-scan-pseudonym shows the early stop with 400).
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --quick --transforms sha256 --xml "$TMP/q.xml"
expect_eq "exit status, --quick" "$status" 0
expect_xpath "$TMP/q.xml" "/reidrisk/scan/pseudonym/try/@stopped-early" false
expect_xpath "$TMP/q.xml" "/reidrisk/scan/pseudonym/try/@candidates" 909

# Objections: NHS numbers (plain and spaced) and pseudonyms (any case).
run_status "$REIDRISK" scan "$D/hmac.csv" $RANGE --no-attack --objections "$D/objections-nhs.txt" --xml "$TMP/o.xml"
expect_eq "exit status, NHS objectors against keyed pseudonyms" "$status" 0
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 5
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 0
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-nhs.txt" --xml "$TMP/o.xml"
expect_eq "exit status, objectors present" "$status" 1
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 3
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-pseudonyms.txt" --xml "$TMP/o.xml"
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 3
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 2

# Linkage with an earlier release: 6 of its pseudonyms are in release.csv.
run_status "$REIDRISK" scan "$D/release.csv" --no-attack --against "$D/previous.csv" --xml "$TMP/l.xml"
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='pid']/@recurring" 6
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='pid']/@pseudonyms" 10

# Trouble: exit status 2 and one error line.
expect_error 'wrong check digit' "$REIDRISK" scan "$D/release.csv" --no-attack --objections "$D/objections-bad.txt"
expect_error 'unknown transform' "$REIDRISK" scan "$D/release.csv" --transforms sha3
expect_error 'nhs-range' "$REIDRISK" scan "$D/release.csv" --nhs-range 5:3
expect_error 'exactly one RELEASE' "$REIDRISK" scan
expect_error 'no-such' "$REIDRISK" scan "$D/no-such.csv"
finish
