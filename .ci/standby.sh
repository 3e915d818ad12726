#!/usr/bin/env bash
# Starts a streaming physical standby of the local PostgreSQL cluster, for
# the read-replica tests (internal/app TestStandbyReplica): pg_basebackup -R
# of the primary (Debian's cluster "main", port 5432) into
# $STANDBY_DIR, started on $STANDBY_PORT with hot_standby. Idempotent: a
# standby already streaming is left as it is; one that is stopped is
# started; one that cannot be started is taken again.
#
# The primary is configured only where it must be: a `replication` line in
# pg_hba.conf (a reload), and wal_level/max_wal_senders (a restart, only
# when they are below what streaming needs). Runs as root, acting as the
# postgres user. Prints the standby's URL on its last line.
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5432}
STANDBY_PORT=${STANDBY_PORT:-5433}
STANDBY_DIR=${STANDBY_DIR:-/var/lib/postgresql/innopark-standby}
STANDBY_LOG=${STANDBY_LOG:-/var/log/postgresql/innopark-standby.log}

say() { printf '   standby: %s\n' "$*" >&2; }
as_pg() { runuser -u postgres -- "$@"; }
psqlp() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -tAqc "$1"; }
psqls() { psql -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d postgres -tAqc "$1"; }

version=$(psqlp "SHOW server_version_num")
version=$((version / 10000))
bin=/usr/lib/postgresql/$version/bin
[[ -x $bin/pg_basebackup ]] || {
	echo "pg_basebackup of PostgreSQL $version not found in $bin" >&2
	exit 1
}

# --- The primary: replication allowed from 127.0.0.1 ------------------------
hba=$(psqlp "SHOW hba_file")
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
	say "allowing replication from 127.0.0.1 in $hba"
	printf '# innopark CI: streaming standby (.ci/standby.sh)\nhost replication postgres 127.0.0.1/32 trust\n' >>"$hba"
	psqlp "SELECT pg_reload_conf()" >/dev/null
	sleep 0.5
fi
restart=
if [[ $(psqlp "SHOW wal_level") == minimal ]]; then
	psqlp "ALTER SYSTEM SET wal_level = replica" >/dev/null
	restart=1
fi
if (($(psqlp "SHOW max_wal_senders") < 2)); then
	psqlp "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
	restart=1
fi
if [[ -n $restart ]]; then
	say "restarting the primary (wal_level/max_wal_senders)"
	pg_ctlcluster --skip-systemctl-redirect "$version" main restart
	for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 0.5; done
fi

url="postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres?sslmode=disable"

# streaming: the standby answers, is in recovery and receives WAL.
streaming() {
	[[ $(psqls "SELECT pg_is_in_recovery()" 2>/dev/null) == t ]] &&
		[[ $(psqls "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null) == 1 ]]
}
wait_streaming() {
	for _ in $(seq 1 120); do
		streaming && return 0
		sleep 0.5
	done
	return 1
}
start() {
	as_pg "$bin/pg_ctl" -D "$STANDBY_DIR" -l "$STANDBY_LOG" -w -t 60 start >/dev/null
}

if pg_isready -q -h 127.0.0.1 -p "$STANDBY_PORT"; then
	if wait_streaming; then
		say "already streaming on port $STANDBY_PORT"
		echo "$url"
		exit 0
	fi
	if [[ ! -f $STANDBY_DIR/standby.signal ]]; then
		echo "port $STANDBY_PORT answers but is not this script's standby ($STANDBY_DIR)" >&2
		exit 1
	fi
	say "running but not streaming; taking it again"
	as_pg "$bin/pg_ctl" -D "$STANDBY_DIR" -m fast stop >/dev/null || true
elif [[ -f $STANDBY_DIR/standby.signal ]] && start && wait_streaming; then
	say "started the existing standby on port $STANDBY_PORT"
	echo "$url"
	exit 0
fi

# --- A fresh base backup ------------------------------------------------------
if [[ -f $STANDBY_DIR/postmaster.pid ]]; then
	as_pg "$bin/pg_ctl" -D "$STANDBY_DIR" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$STANDBY_DIR"
install -d -o postgres -g postgres -m 700 "$STANDBY_DIR"
install -d -o postgres -g postgres "$(dirname "$STANDBY_LOG")"
say "pg_basebackup of port $PRIMARY_PORT into $STANDBY_DIR"
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$STANDBY_DIR" -R -X stream -c fast
# Debian keeps the configuration outside the data directory: the standby
# gets its own, with the settings a hot standby must match the primary on.
conf=$STANDBY_DIR/postgresql.conf
{
	echo "# innopark CI standby (.ci/standby.sh)"
	echo "port = $STANDBY_PORT"
	echo "listen_addresses = '127.0.0.1'"
	echo "unix_socket_directories = '/var/run/postgresql'"
	echo "hot_standby = on"
	echo "hot_standby_feedback = on"
	echo "max_standby_streaming_delay = 5s"
	for s in max_connections max_worker_processes max_locks_per_transaction max_prepared_transactions max_wal_senders; do
		echo "$s = $(psqlp "SHOW $s")"
	done
	echo "shared_buffers = 64MB"
} >"$conf"
cp "$hba" "$STANDBY_DIR/pg_hba.conf"
touch "$STANDBY_DIR/pg_ident.conf"
chown postgres:postgres "$conf" "$STANDBY_DIR/pg_hba.conf" "$STANDBY_DIR/pg_ident.conf"
start
wait_streaming || {
	tail -n 20 "$STANDBY_LOG" >&2
	echo "the standby on port $STANDBY_PORT is not streaming" >&2
	exit 1
}
say "streaming on port $STANDBY_PORT"
echo "$url"
