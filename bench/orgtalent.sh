#!/usr/bin/env bash
# Organisation coverage and talent (issue 13, "Benchmark"): a zone's
# coverage for random zones and days, on a data set of `innopark gen
# --org-talent` (geography and BENCH_ENTERPRISES enterprises in BENCH_AREAS
# areas, no contracts, honours or projects) with a survey of every
# enterprise, organisations of the three modes covering about nine in ten,
# six chains a zone, online branches and five talent programmes with
# BENCH_APPLICANTS applicants, written in bulk (multi-row INSERTs on
# SQLite, COPY on PostgreSQL) with the rollups computed for the whole load.
# For each engine, p50/p95/p99 over HTTP of
#   figure    GET /api/v1/indicators/org.coverage_rate?zone={zone}&from=…&to=MONTH   (rollups)
#   coverage  GET /api/v1/zones/{zone}/coverage?on=DAY                                (counted from records)
# with the figure cache off (`serve --figure-cache 0`) and on, warm (every
# timed question asked once before, untimed).
#
#   bench/orgtalent.sh                                   # both engines, the issue's size: 200,000 enterprises, 100,000 applicants
#   BENCH_ENTERPRISES=20000 BENCH_APPLICANTS=10000 bench/orgtalent.sh   # a tenth
#   BENCH_ENGINES=sqlite bench/orgtalent.sh              # one engine
#   BENCH_KEEP=1 bench/orgtalent.sh                      # keep the data sets for the next run
#
# BENCH_AREAS (default 300, the national data set's: 180 zones) sets how
# the enterprises spread: fewer areas make bigger zones. Target: zone
# coverage figure p95 ≤ 5 ms on both engines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ENTS=${BENCH_ENTERPRISES:-200000}
APPS=${BENCH_APPLICANTS:-100000}
AREAS=${BENCH_AREAS:-300}
REQS=${BENCH_REQUESTS:-500}
SUMMARY=$BENCH_DIR/orgtalent-summary-$$.txt
INGEST=$BENCH_DIR/orgtalent-ingest-$$.txt
: >"$SUMMARY"
: >"$INGEST"

orgtalent_cleanup() {
	stop_server
	if [ "$KEEP" != 1 ]; then
		for e in $ENGINES; do db_drop "$e" "ipk_org_${ENTS}_${APPS}_$AREAS" 2>/dev/null || true; done
	fi
}
trap orgtalent_cleanup EXIT

orgtalent_dataset() {
	local engine=$1
	DSNAME=ipk_org_${ENTS}_${APPS}_$AREAS
	URL=$(db_url "$engine" "$DSNAME")
	if db_exists "$engine" "$DSNAME"; then
		echo "$engine: reusing the data set of $ENTS enterprises ($URL)" >&2
		printf '%-9s %s\n' "$engine" "reused an existing data set: no ingest figure this run" >>"$INGEST"
		return
	fi
	db_create "$engine" "$DSNAME"
	echo "$engine: generating $ENTS enterprises in $AREAS areas, their organisations and $APPS applicants …" >&2
	local t0=$(date +%s) gen=$BENCH_DIR/$DSNAME.$engine.gen
	"$IP" gen --contracts 0 --enterprises "$ENTS" --areas "$AREAS" --honours=false --projects 0 --org-talent --applicants "$APPS" \
		--quiet --db "$URL" >"$gen"
	grep -E '^(generated |orgtalent: |time: |ingest: [0-9]+ rows)' "$gen" | while IFS= read -r l; do printf '%-9s %s\n' "$engine" "$l"; done >>"$INGEST"
	printf '%-9s %s\n' "$engine" "whole data set in $(( $(date +%s) - t0 ))s, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$INGEST"
	if [ "$engine" = sqlite ]; then touch "$BENCH_DIR/$DSNAME.ok"; else touch "$BENCH_DIR/$DSNAME.$engine.ok"; fi
}

measure() {
	local engine=$1 mode=$2
	shift 2
	serve "$URL" "$@"
	for kind in figure coverage; do
		local line
		line=$("$IB" orgtalent --base "$BASE" --user national --kind "$kind" --name "$kind-$mode" --n "$REQS")
		echo "$line" >&2
		result "$engine" "$line	$(cut -d' ' -f1 /proc/loadavg)"
		eval "${kind}_${mode}=\$line"
	done
	stop_server
}

build
for engine in $ENGINES; do
	orgtalent_dataset "$engine"
	warm "$engine"
	measure "$engine" cold --figure-cache 0
	measure "$engine" warm
	echo "$engine: zone coverage figure p95 $(col "$figure_cold" 5) ms cold, $(col "$figure_warm" 5) ms warm (target ≤ 5);" \
		"coverage from records p95 $(col "$coverage_cold" 5) / $(col "$coverage_warm" 5) ms" >>"$SUMMARY"
done

echo
echo "== ingest ($ENTS enterprises, $APPS applicants) =="
cat "$INGEST"
echo
echo "== organisation coverage over HTTP, $REQS random questions each (latency in ms; load1: 1-minute load average after the scenario) =="
{
	printf 'engine\t%s\tload1\n' "$("$IB" header)"
	cat "$RESULTS"
} | column -t -s $'\t'
echo
cat "$SUMMARY"
echo
load_note
echo "rerun: BENCH_ENTERPRISES=$ENTS BENCH_APPLICANTS=$APPS BENCH_AREAS=$AREAS BENCH_ENGINES=\"$ENGINES\" bench/orgtalent.sh"
