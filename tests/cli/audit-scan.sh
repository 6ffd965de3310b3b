# audit-scan.sh - `reidrisk audit` runs the checks of `reidrisk scan` first and shows them in
# their own section: /reidrisk/scan in the XML (valid against doc/results.xsd), the "scan"
# section of the HTML, one summary line; the scan options work in audit (--objections,
# --against, --nhs-range, --full-attack), and the --person column is tested as a pseudonym;
# --no-scan leaves them out; audit's exit status is unchanged by what the scan finds.
. "$TOP_SRCDIR/tests/cli/lib.sh"
D=$TEST_DATA_DIR/scan
RANGE=--nhs-range=401000000:401050000
a () { "$REIDRISK" audit "$D/audit-release.csv" --person pseudonym --qi postcode,sex:sex --quiet \
  --as-of 2021-01-01 "$@"; }

run_status a $RANGE --objections "$D/objections-forms.txt" --against "$D/transforms-previous.csv" \
  --xml "$TMP/a.xml" --html "$TMP/a.html"
expect_eq "audit status (no policy given)" "$status" 0
xmllint --noout --schema "$TOP_SRCDIR/doc/results.xsd" "$TMP/a.xml" 2>/dev/null && ok || fail "schema"
expect_xpath "$TMP/a.xml" "count(/reidrisk/scan)" 1
expect_xpath "$TMP/a.xml" "count(/reidrisk/scan/preceding-sibling::risk[@model='prosecutor'])" 1  # after the risk figures
expect_xpath "$TMP/a.xml" "/reidrisk/scan/@fails" true
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='nhs_number']/@verdict" identifier
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='nhs_number']/nhs-number/@count" 40
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='notes']/@verdict" free-text-with-identifiers
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='notes']/email/@count" 10
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='notes']/name/@count" 10
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='postcode']/@verdict" quasi-identifier
expect_xpath "$TMP/a.xml" "/reidrisk/scan/column[@name='sex']/@verdict" clean
expect_xpath "$TMP/a.xml" "/reidrisk/scan/pseudonym[@column='pseudonym']/@reversible" true
expect_xpath "$TMP/a.xml" "/reidrisk/scan/pseudonym[@column='pseudonym']/@transform" sha256
expect_xpath "$TMP/a.xml" "/reidrisk/scan/pseudonym[@column='pseudonym']/@reversed" 40
expect_xpath "$TMP/a.xml" "/reidrisk/scan/objections/@listed" 13
expect_xpath "$TMP/a.xml" "/reidrisk/scan/objections/@found" 6
expect_xpath "$TMP/a.xml" "/reidrisk/scan/linkage[@column='pseudonym']/@recurring" 40
# The risk figures are those of an audit without the scan.
run_status a --no-scan --xml "$TMP/n.xml"
expect_xpath "$TMP/n.xml" "count(/reidrisk/scan)" 0
expect_xpath "$TMP/n.xml" "/reidrisk/risk[@model='prosecutor']/@mean" \
  "$(xpath "$TMP/a.xml" "/reidrisk/risk[@model='prosecutor']/@mean")"
if grep -q '^scan: ' "$TMP/out"; then fail "--no-scan still prints the scan line"; else ok; fi

# The HTML has the section, masked examples only, and still loads nothing from outside.
grep -q '<section id="scan"' "$TMP/a.html" && ok || fail "no scan section in the HTML"
grep -q '401 \*\*\* \*\*\*\* (valid check digit)' "$TMP/a.html" && ok || fail "no masked NHS number"
grep -q '6 of 13 people on the objection list appear in the release' "$TMP/a.html" && ok || fail "HTML objections"
if grep -qi -e '<script' -e 'src=' -e 'href="[^#]' "$TMP/a.html"; then fail "HTML not self-contained"; else ok; fi
for f in "$TMP/a.xml" "$TMP/a.html"; do
  if tail -n +2 "$D/audit-release.csv" | cut -d, -f1,2 | tr ',' '\n' | grep -qF -f - "$f"; then
    fail "$f shows an NHS number or a pseudonym"
  elif grep -q 'k\.shah@' "$f"; then fail "$f shows an e-mail address"; else ok; fi
done

# The summary line; the audit's XML is the same from run to run (the same output path, since
# the command line is recorded).
run_status a $RANGE --objections "$D/objections-forms.txt" --xml "$TMP/b.xml"
cp "$TMP/b.xml" "$TMP/b1.xml"
grep -q '^scan: FAIL: 2 identifier columns, 1 free-text column with identifiers, 1 weak pseudonym column, 6 of 13 objectors in the release$' \
  "$TMP/out" && ok || fail "summary line: $(grep '^scan' "$TMP/out")"
run_status a $RANGE --objections "$D/objections-forms.txt" --xml "$TMP/b.xml"
cmp -s "$TMP/b.xml" "$TMP/b1.xml" && ok || fail "audit XML differs between runs"

# --full-attack hashes the whole range for every transform (audit samples first by default).
run_status a $RANGE --full-attack --xml "$TMP/f.xml"
expect_xpath "$TMP/f.xml" "/reidrisk/scan/pseudonym/@stopped-early" false
expect_xpath "$TMP/f.xml" "/reidrisk/scan/pseudonym/@candidates-tried" $((6 * 45454))
expect_xpath "$TMP/b.xml" "/reidrisk/scan/pseudonym/@stopped-early" true

# The --person column is tested as a pseudonym column whatever its header: here sequential.
printf 'key,postcode,sex\n' > "$TMP/k.csv"
for i in $(seq 1000 1039); do echo "$i,LS6 2AB,F" >> "$TMP/k.csv"; done
run_status "$REIDRISK" audit "$TMP/k.csv" --person key --qi postcode,sex:sex --quiet --as-of 2021-01-01 --xml "$TMP/k.xml"
expect_xpath "$TMP/k.xml" "/reidrisk/scan/pseudonym[@column='key']/@transform" sequential
expect_xpath "$TMP/k.xml" "/reidrisk/scan/pseudonym[@column='key']/@weak" true

expect_error 'drop --no-scan' a --no-scan --objections "$D/objections-forms.txt"
expect_error 'wrong check digit' a --no-attack --objections "$D/objections-bad.txt"
finish
