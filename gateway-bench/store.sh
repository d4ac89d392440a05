#!/usr/bin/env bash
# What the store backend costs a login: StoreBenchmark (JMH) with SQLite and with PostgreSQL, in one
# run. Starts a temporary PostgreSQL cluster (Debian's postgresql package; installed when run as root)
# on a free loopback port in a work folder, and stops it on exit, failure or Ctrl-C.
#
#   gateway-bench/store.sh                 # build, then 3 x 2 s warm-up and 5 x 2 s measured per benchmark
#   SKIP_BUILD=1 JMH_OPTS="-wi 1 -i 3" gateway-bench/store.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BENCHMARKS_JAR="$ROOT/gateway-bench/target/benchmarks.jar"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "store.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2
  fi
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

if [[ "${SKIP_BUILD:-}" != 1 || ! -f "$BENCHMARKS_JAR" ]]; then
  echo "building benchmarks.jar ..." >&2
  (cd "$ROOT" && mvn -B -o -q -pl gateway-bench -am package -DskipTests)
fi

make_work postern-store-bench
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
openssl rand -hex 16 > "$WORK/pg.secret"
[[ $(id -u) == 0 ]] && chown -R postgres:postgres "$WORK"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)"
as_postgres "$PG_BIN/initdb" -D "$WORK/data" -U postgres --pwfile="$WORK/pg.secret" --auth-local=trust \
  --auth-host=scram-sha-256 --no-sync >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
# stopped by the exit trap: pg_ctl's postmaster is not our child, so stop it explicitly too
trap 'as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true; cleanup' EXIT
as_postgres "$PG_BIN/psql" -h "$WORK" -p "$PORT" -U postgres -qc "CREATE DATABASE postern_bench"

echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1);" \
  "$("$PG_BIN/postgres" --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$BENCHMARKS_JAR" StoreBenchmark ${JMH_OPTS:-} \
  -jvmArgsAppend "-Dpostern.bench.postgresql.url=jdbc:postgresql://127.0.0.1:$PORT/postern_bench -Dpostern.bench.postgresql.user=postgres -Dpostern.bench.postgresql.password-file=$WORK/pg.secret"
