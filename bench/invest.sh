#!/usr/bin/env bash
# Investment attraction at national scale (issue 11, "Done when"): a zone's
# investment dashboard and its pipeline board for random zones of a data
# set with BENCH_INVEST (default 50,000) investment projects over five
# years across 300 areas (180 of them zones), with their stage histories,
# funds arrived, follow-ups, trips and visits (`innopark gen
# --invest-projects`). For each engine, p50/p95/p99 over HTTP of
#   dashboard  GET /zones/{zone}/investment        (figures, funnel, late and overdue flags)
#   board      GET /zones/{zone}/investment/board  (the open pipeline by stage)
# each with the figure cache off (`serve --figure-cache 0`: every request
# computes) and on, warm (`serve` as shipped: every timed page was asked
# once before, untimed). The board is not cached: the two passes are two
# samples.
#
#   bench/invest.sh                           # both engines
#   BENCH_ENGINES=sqlite bench/invest.sh      # one engine
#   BENCH_INVEST=10000 bench/invest.sh        # a smaller pipeline
#   BENCH_KEEP=1 bench/invest.sh              # keep the data sets for the next run
#
# The pipeline does not depend on the contracts, so the data set has only
# BENCH_N (default 20,000) contracts and no honours; its databases are
# ipk_inv_N_P (under BENCH_DIR for SQLite, on BENCH_PG for PostgreSQL).
# Targets: dashboard p95 ≤ 5 ms, board p95 ≤ 20 ms on both engines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${BENCH_N:-20000}
P=${BENCH_INVEST:-50000}
REQS=${BENCH_REQUESTS:-500}
SUMMARY=$BENCH_DIR/invest-summary-$$.txt
INGEST=$BENCH_DIR/invest-ingest-$$.txt
: >"$SUMMARY"
: >"$INGEST"

invest_cleanup() {
	stop_server
	if [ "$KEEP" != 1 ]; then
		for e in $ENGINES; do db_drop "$e" "ipk_inv_${N}_$P" 2>/dev/null || true; done
	fi
}
trap invest_cleanup EXIT

# invest_dataset ENGINE: makes sure the data set exists on ENGINE
# (generating it if not) and sets URL and DSNAME.
invest_dataset() {
	local engine=$1
	DSNAME=ipk_inv_${N}_$P
	URL=$(db_url "$engine" "$DSNAME")
	if db_exists "$engine" "$DSNAME"; then
		echo "$engine: reusing the data set ($URL)" >&2
		printf '%-9s %s\n' "$engine" "reused an existing data set: no ingest figure this run" >>"$INGEST"
		return
	fi
	db_create "$engine" "$DSNAME"
	echo "$engine: generating $N contracts and $P investment projects …" >&2
	local gen=$BENCH_DIR/$DSNAME.$engine.gen
	"$IP" gen --contracts "$N" --honours=false --invest-projects "$P" --quiet --db "$URL" >"$gen"
	grep -E '^(generated |invest: |time: )' "$gen" | while IFS= read -r l; do printf '%-9s %s\n' "$engine" "$l"; done >>"$INGEST"
	if [ "$engine" = sqlite ]; then touch "$BENCH_DIR/$DSNAME.ok"; else touch "$BENCH_DIR/$DSNAME.$engine.ok"; fi
}

# measure ENGINE MODE [SERVE FLAGS…]: both pages against a server started
# with the flags; MODE names the pass.
measure() {
	local engine=$1 mode=$2
	shift 2
	serve "$URL" "$@"
	for kind in dashboard board; do
		local line
		line=$("$IB" invest --base "$BASE" --user national --kind "$kind" --name "$kind-$mode" --n "$REQS")
		echo "$line" >&2
		result "$engine" "$line	$(cut -d' ' -f1 /proc/loadavg)"
		eval "${kind}_${mode}=\$line"
	done
	stop_server
}

build
for engine in $ENGINES; do
	invest_dataset "$engine"
	warm "$engine"
	measure "$engine" cold --figure-cache 0
	measure "$engine" warm
	echo "$engine: dashboard p95 $(col "$dashboard_cold" 5) ms cold, $(col "$dashboard_warm" 5) ms warm (target ≤ 5);" \
		"board p95 $(col "$board_cold" 5) ms cold, $(col "$board_warm" 5) ms warm (target ≤ 20)" >>"$SUMMARY"
done

echo
echo "== ingest (innopark gen --contracts $N --invest-projects $P) =="
cat "$INGEST"
echo
echo "== investment pages over HTTP, $REQS random zones each (latency in ms; load1: 1-minute load average after the scenario) =="
{
	printf 'engine\t%s\tload1\n' "$("$IB" header)"
	cat "$RESULTS"
} | column -t -s $'\t'
echo
cat "$SUMMARY"
echo
load_note
echo "rerun: BENCH_N=$N BENCH_INVEST=$P BENCH_ENGINES=\"$ENGINES\" bench/invest.sh"
