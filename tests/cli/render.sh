# render.sh - end to end in a browser: the HTML report of the shipped example, judged against the
# public-release policy, rendered by headless Chromium (Debian's chromium, installed by
# scripts/install-deps.sh): the browser loads it without errors, the rendered DOM has the
# headings in order, the table of contents, and the charts with their text alternatives; a
# screenshot is a PNG of the page; printing gives A4 pages.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "${CI:-}" = true ]; then echo "FAIL: chromium is not installed (scripts/install-deps.sh)" >&2; exit 1; fi
  echo "SKIP: chromium is not installed; scripts/install-deps.sh installs it" >&2
  exit 77
fi
H=$TMP/example.html
run_status "$REIDRISK" audit "$TOP_SRCDIR/data/examples/example.csv" --person pseudonym --quiet \
  --qi postcode:postcode:sector,date_of_birth:date:year,sex:sex,ethnicity:category \
  --as-of 2021-01-01 --sensitive diagnosis --policy public-release --html "$H"
expect_eq "audit status (the example fails public-release)" "$status" 1

# Every run gets a fresh profile and nothing from the network.
browse () {
  rm -rf "$TMP/profile"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$TMP/profile" "$@" "file://$H"
}

browse --dump-dom > "$TMP/dom.html" 2> "$TMP/dom.err" && ok || fail "chromium --dump-dom failed: $(tail -3 "$TMP/dom.err")"
# No page error: no console message, no failed load, no uncaught exception.
grep -Ei "CONSOLE|Uncaught|Failed to load|ERR_" "$TMP/dom.err" && fail "the page logged errors" || ok
grep -q "Re-identification risk of example.csv</h1>" "$TMP/dom.html" && ok || fail "h1 missing"
h2s=$(grep -o '<h2 id="[a-z-]*">[^<]*</h2>' "$TMP/dom.html" | sed 's/<[^>]*>//g' | tr '\n' '|')
expect_eq "h2 headings" "$h2s" "Verdict|Contents|Summary|The policy’s rules|What would make it safe|Direct identifiers, pseudonyms and objections|Who could be named: three attackers|Journalist risk by person|Sample-only estimates|Population model: assumptions|What drives the risk|Attribute disclosure|How many people share their values|Quasi-identifiers|Method|Inputs and run|"
# Headings never skip a level: every h3 follows an h2.
grep -o '<h[1-6]' "$TMP/dom.html" | tr -d '<h' | awk 'NR==1 && $1!=1 {bad=1} NR>1 && $1>prev+1 {bad=1} {prev=$1} END {exit bad}' && ok || fail "heading levels skip"
grep -q 'class="verdict-badge">FAIL<' "$TMP/dom.html" && ok || fail "verdict badge"
expect_eq "toc links" "$(grep -o '<a href="#[a-z-]*">' "$TMP/dom.html" | wc -l)" 14
expect_eq "charts" "$(grep -o '<svg[^>]*role="img"' "$TMP/dom.html" | wc -l)" 3
for id in size-chart drivers-chart risk-chart; do
  grep -q "aria-labelledby=\"$id-title $id-desc\"" "$TMP/dom.html" && ok || fail "$id: no text alternative"
  grep -q "<desc id=\"$id-desc\">[^<]\{40,\}" "$TMP/dom.html" && ok || fail "$id: empty description"
done
expect_eq "bars of the drivers chart" "$(sed -n '/id="drivers-chart-title"/,/<\/svg>/p' "$TMP/dom.html" | grep -o '<rect' | wc -l)" 4
# Tables: header cells with a scope in every table.
tr -d '\n' < "$TMP/dom.html" | sed 's/> *</></g' > "$TMP/flat.html"
tables=$(grep -o '<table' "$TMP/flat.html" | wc -l)
scoped=$(grep -o '<table>\(<caption>[^<]*</caption>\)\?<thead><tr><th scope="col"' "$TMP/flat.html" | wc -l)
[ "$tables" -ge 8 ] && ok || fail "only $tables tables"
expect_eq "tables with header cells" "$scoped" "$tables"

browse --window-size=1200,2400 --screenshot="$TMP/shot.png" > /dev/null 2> "$TMP/shot.err" && ok || fail "screenshot failed"
expect_eq "PNG signature" "$(head -c 8 "$TMP/shot.png" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
expect_eq "PNG width" "$(od -An -tu1 -j16 -N4 "$TMP/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')" 1200

browse --print-to-pdf="$TMP/print.pdf" --no-pdf-header-footer > /dev/null 2> "$TMP/pdf.err" && ok || fail "print failed"
# A4 is 595.3 x 841.9 points; Chromium writes each page's MediaBox in points.
grep -aq 'MediaBox \[0 0 59[456][.0-9]* 84[12][.0-9]*\]' "$TMP/print.pdf" && ok || fail "not A4: $(grep -ao 'MediaBox[^]]*]' "$TMP/print.pdf" | head -1)"
finish
