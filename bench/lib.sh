# Shared by bench/contracts.sh and bench/indicators.sh: building, the
# national data set (generated once per engine and size, reused while it
# exists), a server on the loopback interface, and the result table.
# Everything lives under $BENCH_DIR; the databases are dropped at the end
# unless BENCH_KEEP=1 (then the other script reuses them). The scripts only
# ever drop or overwrite a database they made themselves (marked when made);
# PostgreSQL names begin with BENCH_PG_PREFIX (default ipk_).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${BENCH_N:-5000000}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/innopark-bench}
PG_ADMIN=${BENCH_PG:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
PORT=${BENCH_PORT:-18080}
BASE=http://127.0.0.1:$PORT
KEEP=${BENCH_KEEP:-0}
export INNOPARK_PASSWORD=${INNOPARK_PASSWORD:-bench-$(id -u)-password}
# The period the figures are read for: the data set ends 2026-10-31.
FROM_M=${BENCH_FROM:-2026-01}
TO_M=${BENCH_TO:-2026-10}
# Zones the {zone} scenarios draw from: the biggest (Beijing), big, middling
# and small national zones, and a provincial one.
ZONES=${BENCH_ZONES:-beijing,shanghai,shenzhen,wuhan,xian,hefei,lhasa,beijing-2}

mkdir -p "$BENCH_DIR"
RESULTS=$BENCH_DIR/results-$$.tsv
: >"$RESULTS"
SERVER_PID=

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
build() {
	echo "building …" >&2
	(cd "$ROOT" && "$GO" build -o "$BENCH_DIR/innopark" ./cmd/innopark && "$GO" build -o "$BENCH_DIR/innopark-bench" ./cmd/innopark-bench)
	IP=$BENCH_DIR/innopark
	IB=$BENCH_DIR/innopark-bench
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN" "$@"; }

# db_url ENGINE NAME: the URL of the bench database NAME on ENGINE.
db_url() {
	if [ "$1" = sqlite ]; then
		echo "sqlite:$BENCH_DIR/$2.db"
	else
		local base=${PG_ADMIN%%\?*}
		echo "${base%/*}/$(pg_name "$2")?sslmode=disable"
	fi
}

# pg_name NAME: the PostgreSQL database for the bench data set NAME. Every
# name the scripts use begins "ipk_"; BENCH_PG_PREFIX replaces that prefix,
# so runs beside real data can keep to a namespace of their own.
pg_name() {
	local p=${BENCH_PG_PREFIX:-ipk_}
	[[ $p =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "BENCH_PG_PREFIX must be lower-case letters, digits and _" >&2; exit 1; }
	echo "$p${1#ipk_}"
}

# The mark a database made by these scripts carries (a COMMENT on
# PostgreSQL, a NAME.made file beside the SQLite file). A database without
# it was not made here and is never dropped or overwritten.
BENCH_MARK="innopark bench data set"

db_exists() {
	if [ "$1" = sqlite ]; then
		[ -f "$BENCH_DIR/$2.db" ] && [ -f "$BENCH_DIR/$2.ok" ]
	else
		[ -f "$BENCH_DIR/$2.$1.ok" ] && [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$(pg_name "$2")'")" = 1 ]
	fi
}

# db_drop ENGINE NAME: drops the bench database NAME, refusing (and
# stopping the script) when it exists but was not made by these scripts.
db_drop() {
	if [ "$1" = sqlite ]; then
		local f=$BENCH_DIR/$2.db
		if [ -e "$f" ] && [ ! -f "$BENCH_DIR/$2.made" ]; then
			echo "refusing to remove $f: it was not made by the bench scripts (no $2.made beside it)" >&2
			exit 1
		fi
		rm -f "$f" "$f-wal" "$f-shm" "$f.bulk-side" "$BENCH_DIR/$2.ok" "$BENCH_DIR/$2.made"
	else
		local db mark
		db=$(pg_name "$2")
		if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ]; then
			mark=$(psql_admin -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
			if [ "$mark" != "$BENCH_MARK" ]; then
				echo "refusing to drop PostgreSQL database $db: it was not made by the bench scripts (set BENCH_PG_PREFIX to use other names)" >&2
				exit 1
			fi
			psql_admin -c "DROP DATABASE $db WITH (FORCE)"
		fi
		rm -f "$BENCH_DIR/$2.$1.ok"
	fi
}

# db_create ENGINE NAME: a new, empty bench database NAME, marked as made here.
db_create() {
	db_drop "$1" "$2"
	if [ "$1" = postgres ]; then
		local db
		db=$(pg_name "$2")
		psql_admin -c "CREATE DATABASE $db" -c "COMMENT ON DATABASE $db IS '$BENCH_MARK'"
	else
		touch "$BENCH_DIR/$2.made"
	fi
}

# dataset ENGINE: makes sure the national data set of N contracts exists on
# ENGINE (generating it if not) and sets URL; the ingest line of a fresh
# generation goes to $BENCH_DIR/NAME.gen.
dataset() {
	local engine=$1
	DSNAME=ipk_bench_$N
	URL=$(db_url "$engine" "$DSNAME")
	if db_exists "$engine" "$DSNAME"; then
		echo "$engine: reusing the data set of $N contracts ($URL)" >&2
		return
	fi
	db_create "$engine" "$DSNAME"
	echo "$engine: generating $N contracts …" >&2
	local t0=$(date +%s)
	"$IP" gen --contracts "$N" --db "$URL" >"$BENCH_DIR/$DSNAME.$engine.gen" 
	cat "$BENCH_DIR/$DSNAME.$engine.gen" | grep -v '^  ' >&2
	if [ "$engine" = sqlite ]; then touch "$BENCH_DIR/$DSNAME.ok"; else touch "$BENCH_DIR/$DSNAME.$engine.ok"; fi
	echo "$engine: generated in $(( $(date +%s) - t0 ))s" >&2
}

# warm ENGINE: reads the data set once so that the measurements see a server
# whose data is in memory (6 GB at 5M contracts on SQLite, on a 24 GB
# machine), not the disk; random contract ids otherwise read cold pages.
warm() {
	local t0=$(date +%s)
	if [ "$1" = sqlite ]; then
		cat "$BENCH_DIR/$DSNAME.db" >/dev/null
	else
		psql -X -q "$URL" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
			-c "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')" >/dev/null 2>&1 ||
			psql -X -q "$URL" -c "SELECT count(*) FROM contracts" -c "SELECT count(*) FROM contract_events" >/dev/null
	fi
	echo "$1: data set read into memory in $(( $(date +%s) - t0 ))s" >&2
}

# serve URL [FLAGS…]: starts the server on the data set, waits until ready.
serve() {
	local url=$1
	shift
	"$IP" serve --addr "127.0.0.1:$PORT" --db "$url" "$@" >"$BENCH_DIR/serve.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 300); do
		if curl -fsS "$BASE/readyz" >/dev/null 2>&1; then return; fi
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$BENCH_DIR/serve.log" >&2; echo "server did not start" >&2; exit 1; fi
		sleep 0.2
	done
	echo "server not ready after 60s" >&2
	exit 1
}

stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}

cleanup() {
	stop_server
	if [ "$KEEP" != 1 ]; then
		for e in $ENGINES; do db_drop "$e" "ipk_bench_$N" 2>/dev/null || true; done
	fi
}

# result ENGINE LINE…: records result lines (tab-separated) for the table.
result() {
	local engine=$1
	shift
	for l in "$@"; do printf '%s\t%s\n' "$engine" "$l" >>"$RESULTS"; done
}

# bench ENGINE ARGS…: one innopark-bench http scenario, recorded.
bench_http() {
	local engine=$1
	shift
	local line
	line=$("$IB" http --base "$BASE" "$@")
	result "$engine" "$line"
	echo "$line" >&2
}

table() {
	{
		printf 'engine\t%s\n' "$("$IB" header)"
		cat "$RESULTS"
	} | column -t -s $'\t'
}

# field LINE COLUMN: a column (1-based, after the engine) of a result line.
col() { echo "$1" | cut -f"$2"; }

load_note() {
	echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%SZ)"
}
