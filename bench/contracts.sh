#!/usr/bin/env bash
# Technology-contract registry at national scale (issue 3, "Scale and speed").
# For each engine (SQLite, PostgreSQL): the ingest rate of `innopark gen`,
# the registry list (filters and keyset pages) and the contract page over
# HTTP (p50/p95), then the xlsx import of IMPORT_N rows next to excelize's
# bare streaming read of the same file, and the import's peak memory.
#
#   bench/contracts.sh                       # N = 5,000,000 on both engines
#   BENCH_N=200000 bench/contracts.sh        # a quick run
#   BENCH_ENGINES=sqlite BENCH_KEEP=1 bench/contracts.sh   # keep the data set for indicators.sh
#   BENCH_SKIP_IMPORT=1 bench/contracts.sh    # without the xlsx import part
#
# Targets: list and contract pages p95 ≤ 20 ms at 5M; import ≥ 50% of the
# bare read and ≤ 300 MB RSS for 1M rows; ingest ≥ 100,000 rows/s on SQLite.
# The ingest rate counts every row `gen` writes, in all tables (contracts,
# their lines and history, rollups, enterprises and the small tables), over
# the whole run including index builds; contracts/s is printed beside it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IMPORT_N=${BENCH_IMPORT_N:-1000000}
REQS=${BENCH_REQUESTS:-300}
trap cleanup EXIT
build
INGEST=$BENCH_DIR/ingest-$$.txt
: >"$INGEST"

for engine in $ENGINES; do
	fresh=1
	db_exists "$engine" "ipk_bench_$N" && fresh=0
	dataset "$engine"
	if [ $fresh = 1 ]; then
		grep -E '^(ingest|time|cpu):' "$BENCH_DIR/ipk_bench_$N.$engine.gen" | while IFS= read -r l; do printf '%-9s %s\n' "$engine" "$l"; done >>"$INGEST"
	else
		printf '%-9s %s\n' "$engine" "reused an existing data set: no ingest figure this run" >>"$INGEST"
	fi
	warm "$engine"
	serve "$URL"
	u=national
	# Lists, first page and keyset pages after it (each page timed).
	bench_http "$engine" --user $u --name list-national-10pages --n "$((REQS / 10))" --follow-next 9 "/api/v1/contracts"
	bench_http "$engine" --user beijing-admin --name list-zone-admin-10pages --n "$((REQS / 10))" --follow-next 9 "/api/v1/contracts"
	bench_http "$engine" --user beijing-city --name list-city-5pages --n "$((REQS / 5))" --follow-next 4 "/api/v1/contracts"
	bench_http "$engine" --user $u --name list-zone+status+type --zones "$ZONES" --n "$((REQS / 5))" --follow-next 4 \
		"/api/v1/contracts?zone={zone}&status=registered&type=DEV_ENTRUSTED"
	bench_http "$engine" --user $u --name list-field+type-national --n "$((REQS / 5))" --follow-next 4 \
		"/api/v1/contracts?field=04&type=SVC"
	bench_http "$engine" --user $u --name list-zone+dates --zones "$ZONES" --n "$((REQS / 5))" --follow-next 4 \
		"/api/v1/contracts?zone={zone}&from=2026-03-01&to=2026-06-30"
	bench_http "$engine" --user $u --name list-rare-type-zone --zones "$ZONES" --n "$((REQS / 5))" --follow-next 4 \
		"/api/v1/contracts?zone={zone}&type=LIC_OTHER_IP"
	bench_http "$engine" --user $u --name list-page-html --zones "$ZONES" --n "$REQS" \
		"/contracts?zone={zone}&status=registered"
	# One contract: the API record and the page (history, benefits, tax year).
	bench_http "$engine" --user $u --name contract-api --ids "1-$N" --n "$REQS" "/api/v1/contracts/{id}"
	bench_http "$engine" --user $u --name contract-page-html --ids "1-$N" --n "$REQS" "/contracts/{id}"
	stop_server
done

echo
echo "== ingest (innopark gen, $N contracts) =="
cat "$INGEST"
echo
echo "== HTTP, $N contracts (latency in ms; list scenarios time every page) =="
table
echo

echo "== xlsx import, $IMPORT_N rows =="
if [ "${BENCH_SKIP_IMPORT:-0}" = 1 ]; then
	echo "skipped (BENCH_SKIP_IMPORT=1)"
elif "$IP" help 2>/dev/null | grep -q 'import contracts'; then
	SRC=$(db_url sqlite ipk_bench_import_src)
	db_create sqlite ipk_bench_import_src
	FILE=$BENCH_DIR/import-$IMPORT_N.xlsx
	if [ ! -f "$FILE" ]; then
		# The import takes finished registrations (registered, cancelled,
		# refused): one zone's registered contracts, exported. About 96% of
		# generated contracts are registered.
		echo "making the file: about $IMPORT_N registered contracts of one zone, exported …" >&2
		"$IP" gen --contracts "$((IMPORT_N * 100 / 96))" --areas 2 --enterprises 20000 --quiet --db "$SRC" >/dev/null
		"$IP" export contracts --format xlsx --zone beijing --status registered --db "$SRC" --out "$FILE" >&2
	fi
	db_drop sqlite ipk_bench_import_src
	ROWS=$("$IB" xlsxread "$FILE" | cut -d' ' -f1)
	echo "file: $FILE, $(du -m "$FILE" | cut -f1) MB, $ROWS rows"
	for engine in $ENGINES; do
		T=$(db_url "$engine" ipk_bench_import)
		db_create "$engine" ipk_bench_import
		# The same zone and enterprises, no contracts: the file's sellers exist.
		"$IP" gen --contracts 0 --areas 2 --enterprises 20000 --quiet --db "$T" >/dev/null
		bare=$("$IB" xlsxread "$FILE")
		/usr/bin/time -v -o "$BENCH_DIR/import.time" "$IP" import contracts "$FILE" --zone beijing --db "$T" >"$BENCH_DIR/import.out" 2>"$BENCH_DIR/import.err" || {
			echo "$engine: import failed:"; tail -n 5 "$BENCH_DIR/import.out"; tail -n 5 "$BENCH_DIR/import.err"; }
		bare2=$("$IB" xlsxread "$FILE")
		secs=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$BENCH_DIR/import.time")
		rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$BENCH_DIR/import.time")
		imp=$(awk -v n="$ROWS" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')
		b1=$(echo "$bare" | sed -E 's/.*: ([0-9]+) rows\/s/\1/'); b2=$(echo "$bare2" | sed -E 's/.*: ([0-9]+) rows\/s/\1/')
		bavg=$(( (b1 + b2) / 2 ))
		printf '%-9s import %s rows/s (%ss, peak RSS %s MB); bare excelize read %s rows/s (before %s, after %s); ratio %s\n' \
			"$engine" "$imp" "$secs" "$rss" "$bavg" "$b1" "$b2" "$(awk -v a="$imp" -v b="$bavg" 'BEGIN{printf "%.2f", a/b}')"
		db_drop "$engine" ipk_bench_import
	done
	[ "${BENCH_KEEP_FILE:-0}" = 1 ] || rm -f "$FILE"
else
	echo "'innopark import contracts' does not exist in this build: measuring the xlsx package's Reader against"
	echo "excelize's bare read instead (go test -bench ReadVsBare, $IMPORT_N rows), and the Reader's peak memory."
	(cd "$ROOT" && XLSX_BENCH_ROWS=$IMPORT_N "$GO" test -run XXX -bench ReadVsBare -benchtime 1x ./internal/xlsx/ | grep -E 'ReadVsBare|ok')
fi
echo
load_note
