#!/usr/bin/env bash
# Construction projects at national scale (issue 12, "Benchmark"): 20,000
# key projects (BENCH_PROJECTS) with five years of monthly investment
# reports across 300 areas (`innopark gen --projects`). For each engine,
# p50/p95/p99 over HTTP of
#   dashboard       GET /api/v1/zones/{zone}/projects/dashboard?from=YYYY-01&to=MONTH
#                   (the zone projects dashboard's figures, from the rollups)
#   dashboard-page  GET /zones/{zone}/projects?from=YYYY-01&to=MONTH (the page itself)
#   page            GET /projects/{id} (a random project's page: card, plan vs
#                   actual, reports, milestones, problems, inspections, awards, files)
# each with the figure cache off (`serve --figure-cache 0`: every request
# computes) and on, warm (`serve` as shipped: every timed question was asked
# once before, untimed, so the cache holds it). Before timing,
# innopark-bench checks on a few zones and periods that a dashboard's months
# add up to its period's investment.
#
#   bench/projects.sh                          # both engines
#   BENCH_ENGINES=sqlite bench/projects.sh     # one engine
#   BENCH_KEEP=1 bench/projects.sh             # keep the data sets for the next run
#
# The projects depend on neither the contracts nor the honours, so the data
# set has 20,000 contracts (BENCH_N) and no honours; its databases are
# ipk_proj_N_P (under BENCH_DIR for SQLite, on BENCH_PG for PostgreSQL). The
# machine's load average is printed beside every figure. Targets: zone
# projects dashboard p95 ≤ 5 ms, project page p95 ≤ 20 ms on both engines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${BENCH_N:-20000}
P=${BENCH_PROJECTS:-20000}
REQS=${BENCH_REQUESTS:-500}
SUMMARY=$BENCH_DIR/projects-summary-$$.txt
INGEST=$BENCH_DIR/projects-ingest-$$.txt
: >"$SUMMARY"
: >"$INGEST"

projects_cleanup() {
	stop_server
	if [ "$KEEP" != 1 ]; then
		for e in $ENGINES; do db_drop "$e" "ipk_proj_${N}_$P" 2>/dev/null || true; done
	fi
}
trap projects_cleanup EXIT

# projects_dataset ENGINE: makes sure the data set with projects exists on
# ENGINE (generating it if not) and sets URL and DSNAME.
projects_dataset() {
	local engine=$1
	DSNAME=ipk_proj_${N}_$P
	URL=$(db_url "$engine" "$DSNAME")
	if db_exists "$engine" "$DSNAME"; then
		echo "$engine: reusing the data set of $P projects ($URL)" >&2
		printf '%-9s %s\n' "$engine" "reused an existing data set: no ingest figure this run" >>"$INGEST"
		return
	fi
	db_create "$engine" "$DSNAME"
	echo "$engine: generating $P projects with their monthly reports …" >&2
	local gen=$BENCH_DIR/$DSNAME.$engine.gen
	printf '%-9s load average before: %s\n' "$engine" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$INGEST"
	"$IP" gen --contracts "$N" --projects "$P" --honours=false --quiet --db "$URL" >"$gen"
	grep -E '^(generated |projects: |time: |ingest: )' "$gen" | while IFS= read -r l; do printf '%-9s %s\n' "$engine" "$l"; done >>"$INGEST"
	if [ "$engine" = sqlite ]; then touch "$BENCH_DIR/$DSNAME.ok"; else touch "$BENCH_DIR/$DSNAME.$engine.ok"; fi
}

# measure ENGINE MODE [SERVE FLAGS…]: the three questions against a server
# started with the flags; MODE names the pass.
measure() {
	local engine=$1 mode=$2
	shift 2
	serve "$URL" "$@"
	local check=3 # the cross-check, once per server
	for kind in dashboard dashboard-page page; do
		local line var=${kind//-/_}
		line=$("$IB" projects --base "$BASE" --user national --kind "$kind" --name "$kind-$mode" --n "$REQS" --check "$check")
		check=0
		echo "$line" >&2
		result "$engine" "$line	$(cut -d' ' -f1 /proc/loadavg)"
		eval "${var}_${mode}=\$line"
	done
	stop_server
}

build
for engine in $ENGINES; do
	projects_dataset "$engine"
	warm "$engine"
	measure "$engine" cold --figure-cache 0
	measure "$engine" warm
	{
		echo "$engine: zone projects dashboard p95 $(col "$dashboard_cold" 5) ms cold, $(col "$dashboard_warm" 5) ms warm (target ≤ 5;" \
			"its page $(col "$dashboard_page_cold" 5) / $(col "$dashboard_page_warm" 5) ms);" \
			"project page p95 $(col "$page_cold" 5) ms cold, $(col "$page_warm" 5) ms warm (target ≤ 20)"
	} >>"$SUMMARY"
done

echo
echo "== ingest (innopark gen --contracts $N --projects $P --honours=false) =="
cat "$INGEST"
echo
echo "== projects over HTTP, $REQS random questions each (latency in ms; load1: 1-minute load average after the scenario) =="
{
	printf 'engine\t%s\tload1\n' "$("$IB" header)"
	cat "$RESULTS"
} | column -t -s $'\t'
echo
cat "$SUMMARY"
echo
load_note
echo "rerun: BENCH_N=$N BENCH_PROJECTS=$P BENCH_ENGINES=\"$ENGINES\" bench/projects.sh"
