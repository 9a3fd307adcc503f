#!/bin/bash
# report-render.sh — `mallposctl report render FILE.json`: a report saved as
# JSON shown as receipt text (58/80 mm, CJK aligned), written as an A4 PDF
# that is never written over anything, printed on the (virtual) receipt
# printer through the ESC/POS path; malformed files and options refused with
# where and why.
. "$(dirname "$0")/lib.sh"
# fontconfig and pango keep their caches for as long as the process (the
# printer tests' suppressions, for the ASan build)
export LSAN_OPTIONS="suppressions=$(dirname "$0")/../devices/printer/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
REPORT="$(dirname "$0")/../fuzz/corpus/report-json/x-report.json"
BAD="$(dirname "$0")/../fuzz/corpus/report-json/bad-row-width.json"

section "without a store: --language and --time-zone, or a clear refusal"
expect 3 "no store and no --language" report render "$REPORT"
mentions "$ERR" "give --language and --time-zone" "says which options stand in for the store"
expect 0 "English words, UTC" report render "$REPORT" --language en --time-zone UTC
mentions "$OUT" "Business day:" "the header in English"
mentions "$OUT" "Generated:                      2026-12-08 00:00" "times in the zone given"
expect_usage "an unknown language" report render "$REPORT" --language fr --time-zone UTC
expect_usage "an unknown time zone" report render "$REPORT" --language en --time-zone Mars/Base
expect_usage "a width no printer has" report render "$REPORT" --language en --time-zone UTC -w 40

demo_store
section "receipt text from the store's language and zone"
expect 0 "58 mm" report render "$REPORT" -w 32
same "$(wc -L <"$OUT")" "32" "no line of the 58 mm text is wider than 32 columns"
has_line "$OUT" "合计        33 30,721.50 100.00%" "the total row lines up on 58 mm"
has_line "$OUT" "银行卡      11  9,876.00  32.10%" "a three-hanzi label keeps the columns"
mentions "$OUT" "2026-12-08 08:00" "generated at, in the store's time zone"
mentions "$OUT" "练习模式" "a training store's report says so"
expect 0 "80 mm" report render "$REPORT" -w 48
same "$(wc -L <"$OUT")" "48" "the 80 mm text fills 48 columns and no more"

section "A4 PDF"
expect 0 "--pdf" report render "$REPORT" --pdf "$T/x.pdf"
mentions "$OUT" "report written to $T/x.pdf" "says where the PDF is"
same "$(head -c 5 "$T/x.pdf")" "%PDF-" "the file is a PDF"
same "$(stat -c %a "$T/x.pdf")" "600" "the PDF is its maker's only"
sum=$(md5sum <"$T/x.pdf")
expect 1 "--pdf over an existing file" report render "$REPORT" --pdf "$T/x.pdf"
mentions "$ERR" "already exists" "says the file is there"
same "$(md5sum <"$T/x.pdf")" "$sum" "the existing file is untouched"
ln -s "$T/x.pdf" "$T/link.pdf"
expect 1 "--pdf through a symbolic link" report render "$REPORT" --pdf "$T/link.pdf"
same "$(md5sum <"$T/x.pdf")" "$sum" "the link's target is untouched"
if command -v pdftotext >/dev/null; then
  pdftotext -layout "$T/x.pdf" "$T/x.txt"
  mentions "$T/x.txt" "30,721.50" "the PDF holds the total"
  mentions "$T/x.txt" "练习模式 · 非营业数据" "the PDF carries the training banner"
fi

section "the receipt printer (virtual: ESC/POS to text and PNG)"
export MALLPOS_RECEIPT_DIR="$T/paper"
expect 0 "--print" report render "$REPORT" --print
mentions "$OUT" "$T/paper/0001.png" "says where the page went"
has_line "$T/paper/0001.txt" "合计                        33 30,721.50 100.00%" \
  "the printed page has the total row aligned at 48 columns"
same "$(head -c 4 "$T/paper/0001.png" | tail -c 3)" "PNG" "the page is drawn as a PNG"

section "report x and z: --pdf and --print beside the text"
"$MALLPOSCTL" init --default-cashier 1001 >/dev/null || { echo "Bail out! no default cashier"; exit 1; }
"$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null || { echo "Bail out! no sale"; exit 1; }
expect 0 "report x --pdf" report x --supervisor 9001 --pdf "$T/day-x.pdf"
same "$(head -c 5 "$T/day-x.pdf")" "%PDF-" "the X report as a PDF"
if command -v pdftotext >/dev/null; then
  pdftotext -layout "$T/day-x.pdf" "$T/day-x.txt"
  net=$("$MALLPOSCTL" report x --supervisor 9001 --json | jq -r '.tables[] | select(.id=="sales") | .rows[] | select(.cells[0]=="净销售额") | .cells[1]')
  mentions "$T/day-x.txt" "$net" "the PDF shows the X report's net sales ($net)"
fi
expect 0 "the shift closes (counted empty, the manager accepts), so the day can end" \
  shift close --count 100=0 --manager 9001 --cashier 1001
expect 0 "report z --print" report z --supervisor 9001 --print
mentions "$OUT" "$T/paper/0002.png" "the Z report went to the printer"
mentions "$T/paper/0002.txt" "报表号:" "the printed Z report carries its number"
mentions "$T/paper/0002.txt" "应有现金" "and the cash section"
expect 0 "reprint-z --pdf" report reprint-z 1 --supervisor 9001 --pdf "$T/z1.pdf"
same "$(head -c 5 "$T/z1.pdf")" "%PDF-" "a kept Z report as a PDF"

section "malformed report files"
expect 4 "a row of the wrong width" report render "$BAD"
mentions "$ERR" "tables[0]: rows[0]: the row has 1 cells, the table 2 columns" "names the place"
printf '{"kind":"x","tables":[],"tables":[]}' >"$T/dup.json"
expect 4 "a key given twice" report render "$T/dup.json"
mentions "$ERR" "dup.json" "names the file"
expect 3 "a file that is not there" report render "$T/none.json"
finish
