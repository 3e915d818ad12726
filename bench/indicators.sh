#!/usr/bin/env bash
# Indicators, dashboards and rankings on the national data set (issue 4,
# "Speed"). For each engine: the zone dashboard's API calls p50/p95 over
# HTTP; the same contract figures computed by GROUP BY over the raw records
# in the same run, and the ratio; a national ranking p95; and requests per
# second of the indicator endpoint under wrk on the loopback interface.
# Each is measured twice: with the figure cache off (--figure-cache 0: every
# request computes from the rollups) and as served (the cache answers
# repeated questions until the data changes); targets are read against the
# second, and both are printed.
#
#   bench/indicators.sh                      # N = 5,000,000 on both engines
#   BENCH_N=200000 bench/indicators.sh       # a quick run
#
# It reuses the data set bench/contracts.sh left with BENCH_KEEP=1, else
# generates it. Targets: zone dashboard p95 ≤ 10 ms; ≥ 100× the raw scan;
# national ranking p95 ≤ 50 ms; ≥ 5,000 req/s. The zone dashboard also runs
# under wrk -c16 (req/s, and the server's CPU per dashboard from /proc).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REQS=${BENCH_REQUESTS:-300}
RAW_N=${BENCH_RAW_N:-5}
WRK_SECS=${BENCH_WRK_SECS:-20}
WRK_CONNS=${BENCH_WRK_CONNS:-32}
trap cleanup EXIT
if ! command -v wrk >/dev/null; then
	echo "installing wrk (Debian package) …" >&2
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
build
SUMMARY=$BENCH_DIR/summary-$$.txt
: >"$SUMMARY"
P="from=$FROM_M&to=$TO_M"
AMOUNT=tech_contract.contract_amount

# measure ENGINE MODE [SERVE FLAGS…]: one pass over the endpoints with the
# server started with the flags; MODE names the pass in the table.
measure() {
	local engine=$1 mode=$2
	shift 2
	serve "$URL" "$@"
	# What the zone dashboard asks of the API: the dashboard itself (tiles,
	# trends, breakdowns, ranks), and one figure with its YoY, target and rank.
	d=$("$IB" http --base "$BASE" --user national --name "dashboard-api$mode" --zones "$ZONES" --n "$REQS" "/api/v1/zones/{zone}/dashboard?$P")
	result "$engine" "$d"
	bench_http "$engine" --user beijing-admin --name "dashboard-api-zone-admin$mode" --n "$REQS" "/api/v1/zones/beijing/dashboard?$P"
	bench_http "$engine" --user national --name "figure-api$mode" --zones "$ZONES" --n "$REQS" "/api/v1/indicators/$AMOUNT?zone={zone}&$P"
	bench_http "$engine" --user national --name "dashboard-page-html$mode" --zones "$ZONES" --n "$((REQS / 2))" "/zones/{zone}/dashboard?$P"
	r=$("$IB" http --base "$BASE" --user national --name "ranking-national-api$mode" --n "$REQS" "/api/v1/indicators/$AMOUNT/ranking?scope=national&$P")
	result "$engine" "$r"
	bench_http "$engine" --user national --name "ranking-province-api$mode" --zones "$ZONES" --n "$REQS" "/api/v1/indicators/$AMOUNT/ranking?scope=province&area={zone}&$P"
	# Throughput of the indicator endpoint.
	TOKEN=$("$IB" token --base "$BASE" --user national)
	wrkout=$(wrk -t2 -c"$WRK_CONNS" -d"${WRK_SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/indicators/$AMOUNT?zone=beijing&$P")
	rps=$(echo "$wrkout" | awk '/Requests\/sec/{print $2}')
	non2xx=$(echo "$wrkout" | awk '/Non-2xx/{print $NF}')
	# The zone dashboard under wrk -c16, and the server process's CPU per
	# dashboard over that run (user + system from /proc, every thread; the
	# database server's own work not included on PostgreSQL).
	local t0 t1 dwrk
	t0=$(server_cpu_ticks)
	dwrk=$(wrk -t2 -c16 -d"${WRK_SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/zones/beijing/dashboard?$P")
	t1=$(server_cpu_ticks)
	drps=$(echo "$dwrk" | awk '/Requests\/sec/{print $2}')
	dreqs=$(echo "$dwrk" | awk '/requests in/{print $1}')
	dcpu=$(awk -v t="$((t1 - t0))" -v n="$dreqs" -v hz="$(getconf CLK_TCK)" 'BEGIN{ if (n > 0) printf "%.3f", t / hz * 1000 / n; else print "n/a" }')
	dnon2xx=$(echo "$dwrk" | awk '/Non-2xx/{print $NF}')
	stop_server
}

# server_cpu_ticks: the server process's user + system CPU so far, in clock ticks.
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

for engine in $ENGINES; do
	dataset "$engine"
	warm "$engine"
	# First without the figure cache: every request computes from the
	# rollups (what a dashboard costs the first time after a change).
	measure "$engine" "-uncached" --figure-cache 0
	d0=$d r0=$r rps0=$rps drps0=$drps dcpu0=$dcpu
	# Then as served: the cache answers repeated questions until the data
	# changes. The raw scan runs beside it, checked against what it serves.
	serve "$URL"
	raw=$("$IB" raw --db "$URL" --zones "$ZONES" --from "$FROM_M" --to "$TO_M" --n "$RAW_N" --name dashboard-raw-groupby --base "$BASE" --user national)
	result "$engine" "$raw"
	stop_server
	measure "$engine" ""
	ratio_p50=$(awk -v a="$(col "$raw" 4)" -v b="$(col "$d" 4)" 'BEGIN{printf "%.0f", a/b}')
	ratio_p95=$(awk -v a="$(col "$raw" 5)" -v b="$(col "$d" 5)" 'BEGIN{printf "%.0f", a/b}')
	ratio0=$(awk -v a="$(col "$raw" 4)" -v b="$(col "$d0" 4)" 'BEGIN{printf "%.0f", a/b}')
	{
		echo "$engine: dashboard-api p95 $(col "$d" 5) ms (target ≤ 10; uncached $(col "$d0" 5) ms); raw GROUP BY p50 $(col "$raw" 4) ms vs dashboard p50 $(col "$d" 4) ms: ${ratio_p50}× (p95: ${ratio_p95}×; uncached p50: ${ratio0}×; target ≥ 100×)"
		echo "$engine: national ranking p95 $(col "$r" 5) ms (target ≤ 50; uncached $(col "$r0" 5) ms)"
		echo "$engine: wrk -t2 -c$WRK_CONNS ${WRK_SECS}s on /api/v1/indicators/$AMOUNT?zone=beijing: $rps req/s${non2xx:+, non-2xx: $non2xx} (target ≥ 5,000; uncached $rps0 req/s)"
		echo "$wrkout" | sed -n '/Latency Distribution/,/99%/p' | sed 's/^/    /'
		echo "$engine: wrk -t2 -c16 ${WRK_SECS}s on /api/v1/zones/beijing/dashboard: uncached $drps0 req/s, server CPU $dcpu0 ms per dashboard (targets ≥ 2,000 req/s, ≤ 0.5 ms); as served $drps req/s, $dcpu ms${dnon2xx:+, non-2xx: $dnon2xx}"
	} >>"$SUMMARY"
done

echo
echo "== HTTP and raw scan, $N contracts, $FROM_M..$TO_M (latency in ms) =="
table
echo
cat "$SUMMARY"
echo
load_note
