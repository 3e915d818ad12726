#!/usr/bin/env bash
# A bounded soak: `innopark serve --demo` on a fresh SQLite file, then
# `innopark-bench soak` for SOAK_DURATION (default 60s) of mixed reads and
# writes (a zone admin adding enterprises, lists, the added ones), checking
# that every answer succeeded, every enterprise added is there, and that the
# server's goroutines and open files did not grow nor its memory pass
# SOAK_MAX_RSS_MB (from the server's own /metrics). .ci/run runs it.
#
#   bench/soak.sh                    # 60 s
#   SOAK_DURATION=10m bench/soak.sh  # longer
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${SOAK_DURATION:-60s}
PORT=${SOAK_PORT:-18190}
MPORT=${SOAK_METRICS_PORT:-$((PORT + 1))}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/innopark-soak.XXXXXX")
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
export INNOPARK_DEMO_PASSWORD=soak-demo-password-$$
export INNOPARK_PASSWORD=$INNOPARK_DEMO_PASSWORD
SERVER_PID=

cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT

(cd "$ROOT" && "$GO" build -o "$DIR/innopark" ./cmd/innopark && "$GO" build -o "$DIR/innopark-bench" ./cmd/innopark-bench)
"$DIR/innopark" serve --demo --db "sqlite:$DIR/soak.db" --addr "127.0.0.1:$PORT" \
	--metrics-addr "127.0.0.1:$MPORT" >"$DIR/serve.out" 2>"$DIR/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 240); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DIR/serve.out" "$DIR/serve.log" >&2; exit 1; }
	sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server not ready" >&2; exit 1; }
status=0
"$DIR/innopark-bench" soak --base "http://127.0.0.1:$PORT" --metrics "http://127.0.0.1:$MPORT/metrics" \
	--duration "$DURATION" --max-rss-mb "${SOAK_MAX_RSS_MB:-512}" || status=$?
if ! grep -q '"level":"ERROR"' "$DIR/serve.log"; then
	echo "server log: no errors"
else
	echo "server log has errors:" >&2
	grep '"level":"ERROR"' "$DIR/serve.log" | head -5 >&2
	status=1
fi
exit $status
