# scan-transforms.sh - `reidrisk scan` on pseudonyms made outside reidrisk (Python hashlib and
# hmac, tests/data/scan/make-fixtures.py): SHA-256 in upper-case hex, base64 SHA-1, SHA-256
# truncated to 16 hex digits, MD5 of the spaced number, unpadded URL-safe base64 SHA-256 of the
# spaced number, each reversed with the transform named; HMAC-SHA256 not reversible; --quick
# stopping early on keyed pseudonyms; objections in every written form and as pseudonyms of
# either case; linkage with an earlier release in another case; deterministic, schema-valid XML;
# no value of the release in any output; every scan option documented.
. "$TOP_SRCDIR/tests/cli/lib.sh"
D=$TEST_DATA_DIR/scan
FIRST=401000000
LAST=401050000
RANGE=--nhs-range=$FIRST:$LAST
# The valid NHS numbers in the range, counted here by the modulus-11 rule, independently of
# reidrisk: weights 10..2 on the nine digits, check digit 11 - sum mod 11 (11 -> 0, 10 invalid).
SPACE=$(awk -v a="$FIRST" -v b="$LAST" 'BEGIN { n = 0
  for (p = a; p < b; p++) { s = 0; x = p
    for (w = 2; w <= 10; w++) { s += (x % 10) * w; x = int(x / 10) }
    if (s % 11 != 1) n++ }
  print n }')
expect_eq "valid numbers in the range" "$SPACE" 45454

run_status "$REIDRISK" scan "$D/transforms.csv" $RANGE --xml "$TMP/t.xml" --html "$TMP/t.html"
expect_eq "exit status, reversible pseudonyms" "$status" 1
xmllint --noout --schema "$TOP_SRCDIR/doc/scan-results.xsd" "$TMP/t.xml" 2>/dev/null && ok || fail "schema"
for c in sha256_upper:sha256 sha1_base64:sha1 sha256_trunc16:sha256 md5_spaced:md5-spaced \
         sha256_spaced_b64url:sha256-spaced; do
  col=${c%%:*}
  p="/reidrisk/scan/pseudonym[@column='$col']"
  expect_xpath "$TMP/t.xml" "$p/@reversible" true
  expect_xpath "$TMP/t.xml" "$p/@transform" "${c#*:}"
  expect_xpath "$TMP/t.xml" "$p/@reversed" 160  # the 40 others lie outside the range
  expect_xpath "$TMP/t.xml" "$p/@pseudonyms" 200
  expect_xpath "$TMP/t.xml" "$p/@candidates-tried" $((6 * SPACE))
  expect_xpath "$TMP/t.xml" "$p/try[@transform='${c#*:}']/@candidates" "$SPACE"
  expect_xpath "$TMP/t.xml" "count($p/try[@reversible='true'])" 1
  expect_xpath "$TMP/t.xml" "/reidrisk/scan/column[@name='$col']/@verdict" identifier
done
expect_xpath "$TMP/t.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@encoding" base64
expect_xpath "$TMP/t.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@bits" 160
expect_xpath "$TMP/t.xml" "/reidrisk/scan/pseudonym[@column='sha256_trunc16']/@bits" 64
p="/reidrisk/scan/pseudonym[@column='hmac_sha256']"
expect_xpath "$TMP/t.xml" "$p/@reversible" false
expect_xpath "$TMP/t.xml" "$p/@transform" none
expect_xpath "$TMP/t.xml" "$p/@reversed" 0
expect_xpath "$TMP/t.xml" "$p/@candidates-tried" $((6 * SPACE))
expect_xpath "$TMP/t.xml" "/reidrisk/scan/column[@name='hmac_sha256']/@verdict" clean
grep -q '^pseudonym hmac_sha256: not reversible by dictionary' "$TMP/out" && ok || fail "summary: HMAC"
grep -q '^pseudonym sha256_upper: REVERSIBLE, sha256 of NHS numbers, 160 of 200 reversed' "$TMP/out" \
  && ok || fail "summary: SHA-256"
grep -q '^result: FAIL$' "$TMP/out" && ok || fail "summary: result"

# The same inputs give byte-identical XML, whatever the number of threads.
"$REIDRISK" scan "$D/transforms.csv" $RANGE --threads 1 --xml "$TMP/t1.xml" >/dev/null || true
cmp -s "$TMP/t.xml" "$TMP/t1.xml" && ok || fail "XML differs between runs"

# Gzipped and tab-separated copies give the same findings.
gzip -n -c "$D/transforms.csv" > "$TMP/t.csv.gz"
tr ',' '\t' < "$D/transforms.csv" > "$TMP/t.tsv"
for f in "$TMP/t.csv.gz" "$TMP/t.tsv"; do
  "$REIDRISK" scan "$f" $RANGE --transforms sha1 --xml "$TMP/z.xml" >/dev/null || true
  expect_xpath "$TMP/z.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@reversed" 160
  expect_xpath "$TMP/z.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@transform" sha1
done

# No pseudonym of the release appears in a report: only counts and masked examples.
for f in "$TMP/t.xml" "$TMP/t.html" "$TMP/out"; do
  if sed -n '2,6p' "$D/transforms.csv" | tr ',' '\n' | grep -v '^[MF]$' | grep -qF -f - "$f"; then
    fail "$f shows a pseudonym"
  else ok; fi
done

# Keyed pseudonyms alone, --quick: a sample in which a right transform would reverse 20 of the
# 200 (a tenth of the range) finds nothing, so each transform stops early.
run_status "$REIDRISK" scan "$D/quick-hmac.csv" $RANGE --quick --xml "$TMP/q.xml"
expect_eq "exit status, keyed pseudonyms" "$status" 0
p="/reidrisk/scan/pseudonym[@column='hmac_sha256']"
expect_xpath "$TMP/q.xml" "$p/@reversible" false
expect_xpath "$TMP/q.xml" "$p/@stopped-early" true
expect_xpath "$TMP/q.xml" "count($p/try[@stopped-early='true'])" 6
tried=$(xpath "$TMP/q.xml" "$p/@candidates-tried")
[ "$tried" -gt 0 ] && [ "$tried" -le $((6 * SPACE / 9)) ] && ok || fail "--quick tried $tried"
grep -q 'stopped early' "$TMP/out" && ok || fail "summary: stopped early"
# --quick on a right transform: the sample matches, so the whole range is still hashed.
run_status "$REIDRISK" scan "$D/transforms.csv" $RANGE --quick --transforms sha1 --xml "$TMP/q2.xml"
expect_xpath "$TMP/q2.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@reversed" 160
expect_xpath "$TMP/q2.xml" "/reidrisk/scan/pseudonym[@column='sha1_base64']/@candidates-tried" "$SPACE"

# Objections by NHS number: plain, spaced, hyphenated, quoted, CRLF, a heading, a comment and a
# repeat; 8 of the 13 people are in the release (two outside the attacked range, found all the
# same because each objector's own number is hashed with every transform).
run_status "$REIDRISK" scan "$D/transforms.csv" --no-attack --objections "$D/objections-forms.txt" --xml "$TMP/o.xml"
expect_eq "exit status, objectors" "$status" 1
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 13
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed-nhs" 13
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 8
grep -q '^objections: 8 of 13 listed appear in the release$' "$TMP/out" && ok || fail "summary: objections"
# Objections as pseudonyms made like the release's (either case): 6 of the 8.
run_status "$REIDRISK" scan "$D/transforms.csv" --no-attack --objections "$D/objections-pseudonyms-sha256.txt" --xml "$TMP/o.xml"
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 8
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed-nhs" 0
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 6
# Objections as base64 pseudonyms like sha1_base64's: three from the release, one not.
{ echo pseudonym; sed -n '2,4p' "$D/transforms.csv" | cut -d, -f2; echo 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='; } > "$TMP/b64.txt"
run_status "$REIDRISK" scan "$D/transforms.csv" --no-attack --objections "$TMP/b64.txt" --xml "$TMP/o.xml"
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@listed" 4
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 3
# No objector in the release: nothing else fails the keyed release either.
run_status "$REIDRISK" scan "$D/quick-hmac.csv" --no-attack --objections "$D/objections-forms.txt" --xml "$TMP/o.xml"
expect_eq "exit status, NHS objectors against keyed pseudonyms" "$status" 0
expect_xpath "$TMP/o.xml" "/reidrisk/scan/objections/@found" 0

# Linkage: the earlier release holds 70 of these people, its SHA-256 in lower case.
run_status "$REIDRISK" scan "$D/transforms.csv" --no-attack --against "$D/transforms-previous.csv" --xml "$TMP/l.xml"
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='sha256_upper']/@recurring" 70
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='sha256_upper']/@pseudonyms" 200
expect_xpath "$TMP/l.xml" "/reidrisk/scan/linkage[@column='hmac_sha256']/@recurring" 0
grep -q '^linkage: 70 of 200 sha256_upper values recur in ' "$TMP/out" && ok || fail "summary: linkage"

# Every option of scan --help is in doc/scan.md and in the man page's SCAN OPTIONS.
man=$(sed -n '/^\.SH SCAN OPTIONS/,/^\.SH /p' "$TOP_SRCDIR/doc/reidrisk.1" | sed 's/\\-/-/g')
"$REIDRISK" scan --help > "$TMP/help"
for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMP/help" | sort -u | grep -v '^--help'); do
  grep -q -- "$opt" "$TOP_SRCDIR/doc/scan.md" && ok || fail "scan option $opt is not in doc/scan.md"
  echo "$man" | grep -q -- "^\.BI* $opt\b" && ok || fail "scan option $opt is not in the man page's SCAN OPTIONS"
done
finish
