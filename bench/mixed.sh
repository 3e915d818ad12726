#!/usr/bin/env bash
# Reads under a steady write load, the way the product is used (issue 17):
# registrations and amendments arrive at a national rate (BENCH_WRITES a
# second, default 20, spread over BENCH_WRITE_ZONES random zones, through
# the API as each zone's registrar with an API token of the contracts area)
# while zone dashboards, figures, rankings and the contract list are read
# by BENCH_CONCURRENCY clients. Each read scenario runs BENCH_MIXED_SECS
# seconds alone, then as long again under the writes; the table gives read
# p50/p95/p99 and req/s of both, and the write operations' own latency and
# achieved rate (a registration is four requests: draft, the signed
# contract attached, submit — accepted at once at the point —, register;
# an amendment reads the contract and amends its amount). Every write
# moves figures: the registration's month (today's) and the amended
# contract's month (inside the period read).
#
#   bench/mixed.sh                              # N = 1,000,000 on both engines
#   BENCH_N=5000000 bench/mixed.sh              # at 5M
#   BENCH_N=200000 BENCH_MIXED_SECS=10 bench/mixed.sh   # a quick run
#   BENCH_WRITES=0 bench/mixed.sh               # reads alone only
#
# It reuses the data set bench/contracts.sh or bench/indicators.sh left with
# BENCH_KEEP=1 (same BENCH_N), else generates it; the writes add contracts
# to it (a reused data set grows by BENCH_WRITES × the time under writes).
# PostgreSQL databases are named under BENCH_PG_PREFIX (default ipk_) and
# only ever dropped when made by these scripts. Target: dashboard p95 ≤ 5 ms
# with 20 writes/s.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N=${BENCH_N:-1000000}
SECS=${BENCH_MIXED_SECS:-30}
CONC=${BENCH_CONCURRENCY:-4}
WRITES=${BENCH_WRITES:-20}
WRITE_ZONES=${BENCH_WRITE_ZONES:-30}
AMEND=${BENCH_AMEND_SHARE:-0.25}
trap cleanup EXIT
build
SUMMARY=$BENCH_DIR/summary-$$.txt
: >"$SUMMARY"
P="from=$FROM_M&to=$TO_M"
AMOUNT=tech_contract.contract_amount

for engine in $ENGINES; do
	dataset "$engine"
	warm "$engine"
	serve "$URL"
	echo "$engine: reads for ${SECS}s alone, then under $WRITES writes/s, per scenario …" >&2
	out=$("$IB" mixed --base "$BASE" --user national --zones "$ZONES" --duration "${SECS}s" --concurrency "$CONC" \
		--writes "$WRITES" --write-zones "$WRITE_ZONES" --amend-share "$AMEND" \
		"dashboard=/api/v1/zones/{zone}/dashboard?$P" \
		"figure=/api/v1/indicators/$AMOUNT?zone={zone}&$P" \
		"ranking-province=/api/v1/indicators/$AMOUNT/ranking?scope=province&area={zone}&$P" \
		"ranking-national=/api/v1/indicators/$AMOUNT/ranking?scope=national&$P" \
		"list=/api/v1/contracts?zone={zone}&limit=20")
	echo "$out" >&2
	while IFS= read -r l; do result "$engine" "$l"; done <<<"$out"
	stop_server
	# The ERROR lines a run left in the server's log (none expected).
	errors=$(grep -c 'level=ERROR' "$BENCH_DIR/serve.log" || true)
	{
		d=$(echo "$out" | grep -P '^dashboard\t' || true)
		dw=$(echo "$out" | grep -P '^dashboard\+writes\t' || true)
		echo "$engine: dashboard p95 $(col "$d" 5) ms alone, $(col "$dw" 5) ms under $WRITES writes/s (target ≤ 5 ms); req/s $(col "$d" 9) → $(col "$dw" 9) with $CONC readers; server log ERROR lines: $errors; $(load_note)"
	} >>"$SUMMARY"
done

echo
echo "== reads alone, reads+writes ($WRITES/s over $WRITE_ZONES zones), and the writes; $N contracts, $FROM_M..$TO_M, $CONC readers, ${SECS}s each (latency in ms) =="
table
echo
cat "$SUMMARY"
echo
load_note
