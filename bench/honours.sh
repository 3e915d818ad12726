#!/usr/bin/env bash
# Enterprise honours at national scale (issue 10, "Benchmark"): held-on-date
# counts for random zones, cities and days of ten years of honours (300
# areas, 200,000 enterprises, 10 programmes; `innopark gen` with its
# default --honours). For each engine, p50/p95/p99 over HTTP of
#   holdings  GET /api/v1/zones/{zone}/honours?on=DAY   (counted from titles in SQL)
#   figure    GET /api/v1/indicators/honour.held?zone={zone}&from=…&to=MONTH
#             (the zone's figure from the rollups, with its rank in the city)
#   ranking   GET /api/v1/indicators/honour.held/ranking?scope=city&area={zone}&dim=honour_kind=ip&…
# each with the figure cache off (`serve --figure-cache 0`: every request
# computes) and on, warm (`serve` as shipped: every timed question was asked
# once before, untimed, so the cache holds it). Holdings are not cached: the
# two passes are two samples. Before timing, innopark-bench checks on a few
# zones and months that the titles held on a month's last day add up to the
# honour.held figure and to the zone's value in the city's IP ranking.
#
#   bench/honours.sh                          # both engines, 200,000 contracts
#   BENCH_ENGINES=sqlite bench/honours.sh     # one engine
#   BENCH_KEEP=1 bench/honours.sh             # keep the data sets for the next run
#
# The honours do not depend on the contracts, so the data set has 200,000
# (BENCH_N) rather than the registry benchmarks' 5,000,000; its databases
# are ipk_hon_N (under BENCH_DIR for SQLite, on BENCH_PG for PostgreSQL),
# apart from the other scripts' ipk_bench_N. The machine's load average is
# printed beside every figure. Targets: zone figure p95 ≤ 5 ms, city ranking
# p95 ≤ 20 ms on both engines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${BENCH_N:-200000}
REQS=${BENCH_REQUESTS:-1000}
SUMMARY=$BENCH_DIR/honours-summary-$$.txt
INGEST=$BENCH_DIR/honours-ingest-$$.txt
: >"$SUMMARY"
: >"$INGEST"

honours_cleanup() {
	stop_server
	if [ "$KEEP" != 1 ]; then
		for e in $ENGINES; do db_drop "$e" "ipk_hon_$N" 2>/dev/null || true; done
	fi
}
trap honours_cleanup EXIT

# honours_dataset ENGINE: makes sure the data set with honours exists on
# ENGINE (generating it if not) and sets URL and DSNAME.
honours_dataset() {
	local engine=$1
	DSNAME=ipk_hon_$N
	URL=$(db_url "$engine" "$DSNAME")
	if db_exists "$engine" "$DSNAME"; then
		echo "$engine: reusing the data set of $N contracts with honours ($URL)" >&2
		printf '%-9s %s\n' "$engine" "reused an existing data set: no ingest figure this run" >>"$INGEST"
		return
	fi
	db_create "$engine" "$DSNAME"
	echo "$engine: generating $N contracts and ten years of honours …" >&2
	local gen=$BENCH_DIR/$DSNAME.$engine.gen
	printf '%-9s load average before: %s\n' "$engine" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$INGEST"
	"$IP" gen --contracts "$N" --quiet --db "$URL" >"$gen"
	grep -E '^(generated |honours: |time: |ingest: )' "$gen" | while IFS= read -r l; do printf '%-9s %s\n' "$engine" "$l"; done >>"$INGEST"
	if [ "$engine" = sqlite ]; then touch "$BENCH_DIR/$DSNAME.ok"; else touch "$BENCH_DIR/$DSNAME.$engine.ok"; fi
}

# measure ENGINE MODE [SERVE FLAGS…]: the three questions against a server
# started with the flags; MODE names the pass. The 1-minute load average
# after each scenario goes in the last column.
measure() {
	local engine=$1 mode=$2
	shift 2
	serve "$URL" "$@"
	local check=5 # the cross-check, once per server
	for kind in holdings figure ranking; do
		local line
		line=$("$IB" honours --base "$BASE" --user national --kind "$kind" --name "$kind-$mode" --n "$REQS" --check "$check")
		check=0
		echo "$line" >&2
		result "$engine" "$line	$(cut -d' ' -f1 /proc/loadavg)"
		eval "${kind}_${mode}=\$line"
	done
	stop_server
}

build
for engine in $ENGINES; do
	honours_dataset "$engine"
	warm "$engine"
	measure "$engine" cold --figure-cache 0
	measure "$engine" warm
	{
		echo "$engine: zone figure p95 $(col "$figure_cold" 5) ms cold, $(col "$figure_warm" 5) ms warm (target ≤ 5);" \
			"city ranking p95 $(col "$ranking_cold" 5) ms cold, $(col "$ranking_warm" 5) ms warm (target ≤ 20);" \
			"holdings p95 $(col "$holdings_cold" 5) / $(col "$holdings_warm" 5) ms"
	} >>"$SUMMARY"
done

echo
echo "== ingest (innopark gen --contracts $N, honours on) =="
cat "$INGEST"
echo
echo "== honours over HTTP, $REQS random questions each (latency in ms; load1: 1-minute load average after the scenario) =="
{
	printf 'engine\t%s\tload1\n' "$("$IB" header)"
	cat "$RESULTS"
} | column -t -s $'\t'
echo
cat "$SUMMARY"
echo
load_note
echo "rerun: BENCH_N=$N BENCH_ENGINES=\"$ENGINES\" bench/honours.sh"
