# Shared set-up of the benchmark scripts (run.sh, timing.sh, peers.sh); sourced, never run.
#
# Gives: ROOT, BENCH_JAR, POSTERN_JAR; build_jars (honours SKIP_BUILD=1); make_work PREFIX (sets WORK,
# and on exit, Ctrl-C or failure stops every process in PIDS and its children, then deletes WORK
# unless KEEP=1); bench, postern; wait_for; new_secret; start_postern; machine_line.
# BENCH_PREFIX and POSTERN_PREFIX (e.g. "taskset -c 1") go before the java of the load generator and of
# start_postern.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$ROOT/gateway-bench/target/postern-bench.jar"
POSTERN_JAR="$ROOT/gateway-server/target/postern.jar"
BENCH_OPTS="${BENCH_OPTS:--Xmx1g}"
POSTERN_OPTS="${POSTERN_OPTS:--Xmx1g}"
PIDS=()

build_jars() {
  if [[ "${SKIP_BUILD:-}" != 1 || ! -f "$BENCH_JAR" || ! -f "$POSTERN_JAR" ]]; then
    echo "building postern.jar and postern-bench.jar ..." >&2
    (cd "$ROOT" && mvn -B -o -q -pl gateway-server,gateway-bench -am package -DskipTests)
  fi
}

# The process ids below $1 (children first seen, then theirs), by parent id.
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"; descendants "$child"
  done
}

# Stops $1 (TERM, then KILL after 10 s) and then whatever it forked that outlived it.
stop_tree() {
  local pid="$1" kids i
  kids="$(descendants "$pid")"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for k in $kids; do kill "$k" 2>/dev/null || true; done
  sleep 0.2
  for k in $kids; do kill -9 "$k" 2>/dev/null || true; done
}

cleanup() {
  trap - EXIT INT TERM
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_tree "${PIDS[i]}"; done
  if [[ -n "${WORK:-}" ]]; then
    if [[ "${KEEP:-}" == 1 ]]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
  fi
}

make_work() { # prefix
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench() { ${BENCH_PREFIX:-} java $BENCH_OPTS -jar "$BENCH_JAR" "$@"; }
postern() { java -jar "$POSTERN_JAR" "$@"; }

wait_for() { # file [log pattern] [seconds]
  local what="$1" pattern="${2:-}" limit="${3:-60}" i=0
  while (( i < limit * 10 )); do
    if [[ -z "$pattern" && -s "$what" ]] || { [[ -n "$pattern" ]] && grep -q "$pattern" "$what" 2>/dev/null; }; then return 0; fi
    sleep 0.1; i=$((i + 1))
  done
  echo "timed out waiting for ${pattern:-$what}" >&2; cat "$what" >&2 || true; exit 1
}

new_secret() { # file: a random password of about 24 characters, private to this user
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$1")
}

# Starts `postern serve` with $1/postern.yml (log and audit log in $1); sets P_PID, P_IMAPS, P_SMTPS
# (the first implicit-TLS listeners) and TRANSPORT_LINE.
start_postern() {
  POSTERN_AUDIT_LOG="$1/audit.log" ${POSTERN_PREFIX:-} java $POSTERN_OPTS -jar "$POSTERN_JAR" serve --config "$1/postern.yml" \
    > "$1/postern.log" 2>&1 &
  P_PID=$!; PIDS+=($P_PID)
  wait_for "$1/postern.log" "Postern started" 60
  P_IMAPS="$(grep -o 'imap implicit listening on 127.0.0.1:[0-9]*' "$1/postern.log" | head -1 | sed 's/.*://' || true)"
  P_SMTPS="$(grep -o 'smtp implicit listening on 127.0.0.1:[0-9]*' "$1/postern.log" | head -1 | sed 's/.*://' || true)"
  TRANSPORT_LINE="$(grep -o 'transport .*, TLS .*' "$1/postern.log" | head -1 || true)"
}
stop_postern() { kill "$P_PID" 2>/dev/null || true; wait "$P_PID" 2>/dev/null || true; }

# "2 cores, Intel Xeon Processor, OpenJDK 17.0.15": what the figures were measured on.
machine_line() {
  local cpu jdk
  cpu="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  jdk="$(java -XshowSettings:properties -version 2>&1 | grep -E '^ *java\.(runtime\.name|runtime\.version) =' \
         | sed 's/.*= //' | paste -sd' ')"
  echo "$(nproc) cores, ${cpu:-unknown CPU}, ${jdk:-unknown JDK}"
}
