#!/usr/bin/env bash
# Postern against the direct upstream, side by side, on loopback.
#
# Starts a GreenMail upstream (IMAPS + SMTPS, self-signed certificate, benchmark accounts, a seeded
# mailbox), Postern in front of it (TLS on both legs, the upstream's certificate as `trust:`), runs
# every scenario of postern-bench.jar against both in alternation, then restricted app passwords
# (imap-read, smtp --send-as self) against an unrestricted one through Postern, then a cold-cache login run
# against a second Postern with its cache off (auth.cache.max-entries: 0), and prints one table with the targets.
# Everything it starts is stopped on exit. Defaults keep a run under about 3 minutes.
#
# Settings (environment):
#   DURATION=5s WARMUP=1s ROUNDS=2       measured time, warm-up and A/B rounds per scenario
#   CLIENTS=8                            concurrent clients for logins and submit
#   IDLE_SESSIONS=1000 IDLE_HOLD=10s     idle: sessions held, and for how long (one round)
#   MAILBOX_MIB=16                       size of the mailbox that fetch reads
#   COLD_USERS=8                         accounts (and clients) of the cold-cache login run
#   SCENARIOS=logins,fetch,noop,submit   the alternated scenarios (idle and cold run after them)
#   SKIP_IDLE=1 SKIP_COLD=1              leave out the idle or cold-cache part
#   SKIP_READONLY=1                      leave out read-only IMAP: fetch and noop through Postern with an
#                                        imap-read app password against an unrestricted one (`peers`, ROUNDS rounds)
#   SKIP_SENDAS=1                        leave out send-as: submit through Postern with an smtp app password
#                                        limited to --send-as self against an unrestricted one (the same `peers` run)
#   POSTERN_OPTS="-Xmx1g"                JVM options of Postern, e.g. -Dpostern.transport=nio
#   BENCH_OPTS="-Xmx1g"                  JVM options of the load generator (and the GreenMail upstream);
#                                        add -Dpostern.bench.quick-ack=true for a client that acknowledges
#                                        at once (no 40 ms delayed-ACK stalls against a Nagle server)
#   SKIP_BUILD=1                         use the jars already built
#   KEEP=1                               keep the work folder (configs, logs, results)
#   SERVE_ONLY=1                         set up, start upstream and Postern, print how to reach them and
#                                        wait (Ctrl-C stops both): for manual runs and profiling
#                                        (SERVE_CONFIG=cold serves the cache-off Postern instead)
# Full 10-minute idle soak (about 15 minutes in all):
#   SCENARIOS= SKIP_COLD=1 IDLE_SESSIONS=5000 IDLE_HOLD=10m gateway-bench/run.sh
set -euo pipefail

source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-1s}"
ROUNDS="${ROUNDS:-2}"
CLIENTS="${CLIENTS:-8}"
IDLE_SESSIONS="${IDLE_SESSIONS:-1000}"
IDLE_HOLD="${IDLE_HOLD:-10s}"
MAILBOX_MIB="${MAILBOX_MIB:-16}"
COLD_USERS="${COLD_USERS:-8}"
SCENARIOS="${SCENARIOS-logins,fetch,noop,submit}"

build_jars
make_work postern-bench

# --- upstream -------------------------------------------------------------------------------------
new_secret "$WORK/upstream.pw"
COLD_ACCOUNTS=()
for ((i = 0; i < COLD_USERS; i++)); do COLD_ACCOUNTS+=(--extra-user "cold$i@localhost"); done
java $BENCH_OPTS -jar "$BENCH_JAR" upstream --dir "$WORK/upstream" --user bench@localhost --password-file "$WORK/upstream.pw" \
  --mailbox-mib "$MAILBOX_MIB" "${COLD_ACCOUNTS[@]}" > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/upstream/upstream.properties" "" 120
prop() { grep "^$1=" "$WORK/upstream/upstream.properties" | cut -d= -f2-; }
UP_IMAPS="$(prop imaps.port)"; UP_SMTPS="$(prop smtps.port)"; UP_PID="$(prop pid)"; UP_CERT="$(prop certificate)"

# --- Postern: config, store, app passwords --------------------------------------------------------
write_config() { # folder, cache max-entries
  mkdir -p "$1"
  cat > "$1/postern.yml" <<EOF
tls:
  certificate: $WORK/upstream/certificate.pem
  private-key: $WORK/upstream/private-key.pem
store:
  sqlite: $WORK/postern.db
auth:
  cache:
    max-entries: $2
admin:
  address: "127.0.0.1:0"   # any free port: two runs (or a run beside a demo) do not collide
limits:
  # the load generator is one source opening hundreds of connections a second: exempt loopback from
  # the per-source connection rate and failure throttling, as a monitoring host would be
  trusted-networks: ["127.0.0.0/8"]
imap:
  listeners:
    - { address: "127.0.0.1:0", tls: implicit }
  upstream: { address: "127.0.0.1:$UP_IMAPS", tls: implicit, trust: $UP_CERT, server-name: localhost }
  host-name: localhost
smtp:
  listeners:
    - { address: "127.0.0.1:0", tls: implicit }
  upstream: { address: "127.0.0.1:$UP_SMTPS", tls: implicit, trust: $UP_CERT, server-name: localhost }
  host-name: localhost
upstream-auth:
  mode: stored-credential
  key-file: $WORK/upstream.key
EOF
}
head -c 32 /dev/urandom > "$WORK/upstream.key"; chmod 600 "$WORK/upstream.key"
write_config "$WORK/warm" 100000
write_config "$WORK/cold" 0
new_secret "$WORK/app.pw"
HASH="$(postern hash -c "$WORK/warm/postern.yml" < "$WORK/app.pw" 2>/dev/null)"
for account in bench@localhost $(for ((i = 0; i < COLD_USERS; i++)); do echo "cold$i@localhost"; done); do
  echo "$HASH" | postern app-passwords import -c "$WORK/warm/postern.yml" -u "$account" -l bench --hash-stdin > /dev/null
  postern users set-upstream-password -c "$WORK/warm/postern.yml" "$account" < "$WORK/upstream.pw" > /dev/null
done
# the same user's read-only IMAP app password: its sessions go through the command filter
new_secret "$WORK/app-ro.pw"
postern hash -c "$WORK/warm/postern.yml" < "$WORK/app-ro.pw" 2>/dev/null \
  | postern app-passwords import -c "$WORK/warm/postern.yml" -u bench@localhost -l bench-read-only -s imap-read \
      --hash-stdin > /dev/null
# and its SMTP app password that may send only as bench@localhost: its sessions go through the send-as filter
new_secret "$WORK/app-send-as.pw"
postern hash -c "$WORK/warm/postern.yml" < "$WORK/app-send-as.pw" 2>/dev/null \
  | postern app-passwords import -c "$WORK/warm/postern.yml" -u bench@localhost -l bench-send-as -s smtp --send-as self \
      --hash-stdin > /dev/null

COMMON=(--direct-imap-port "$UP_IMAPS" --direct-smtp-port "$UP_SMTPS" --direct-trust "$UP_CERT"
        --direct-password-file "$WORK/upstream.pw" --direct-pid "$UP_PID" --postern-trust "$UP_CERT"
        --postern-password-file "$WORK/app.pw" --results "$WORK/results.tsv")
RESULTS=()

start_postern "$WORK/${SERVE_CONFIG:-warm}"
echo "Postern (pid $P_PID): $TRANSPORT_LINE; upstream GreenMail (pid $UP_PID) IMAPS $UP_IMAPS, SMTPS $UP_SMTPS" | tee "$WORK/summary.txt"
if [[ "${SERVE_ONLY:-}" == 1 ]]; then
  echo "work folder: $WORK (passwords in upstream.pw, app.pw, app-ro.pw and app-send-as.pw; Postern's log in warm/)"
  echo "java -jar $BENCH_JAR compare --scenarios logins --postern-imap-port $P_IMAPS --postern-smtp-port $P_SMTPS" \
       "--postern-pid $P_PID --user bench@localhost ${COMMON[*]}"
  echo "Ctrl-C (or kill $$) stops upstream and Postern."
  wait "$P_PID" || true
  exit 0
fi
if [[ -n "$SCENARIOS" ]]; then
  bench compare --scenarios "$SCENARIOS" --rounds "$ROUNDS" --duration "$DURATION" --warmup "$WARMUP" \
    --clients "$CLIENTS" --postern-imap-port "$P_IMAPS" --postern-smtp-port "$P_SMTPS" --postern-pid "$P_PID" \
    --user bench@localhost "${COMMON[@]}" | tee "$WORK/compare.log"
fi
# restricted app passwords against bench's unrestricted one (imap,smtp), in one `peers` run: fetch and
# noop against the imap-read one, submit against the send-as one (MAIL FROM:<bench@localhost>, its own)
LIMITED_SCENARIOS=()
LIMITED_TARGETS=()
if [[ "${SKIP_READONLY:-}" != 1 ]]; then
  LIMITED_SCENARIOS+=(fetch noop)
  LIMITED_TARGETS+=(--target read-only --heading "Postern, imap-read" --imap-port "$P_IMAPS" --trust "$UP_CERT"
                    --password-file "$WORK/app-ro.pw" --pid "$P_PID" --vs full)
fi
if [[ "${SKIP_SENDAS:-}" != 1 ]]; then
  LIMITED_SCENARIOS+=(submit)
  LIMITED_TARGETS+=(--target send-as --heading "Postern, smtp --send-as self" --smtp-port "$P_SMTPS" --trust "$UP_CERT"
                    --password-file "$WORK/app-send-as.pw" --pid "$P_PID" --vs full)
fi
if (( ${#LIMITED_TARGETS[@]} > 0 )); then
  bench peers --scenarios "$(IFS=,; echo "${LIMITED_SCENARIOS[*]}")" --rounds "$ROUNDS" --duration "$DURATION" \
    --warmup "$WARMUP" --clients "$CLIENTS" \
    --target full --heading "Postern, imap,smtp" --imap-port "$P_IMAPS" --smtp-port "$P_SMTPS" --trust "$UP_CERT" \
      --password-file "$WORK/app.pw" --pid "$P_PID" \
    "${LIMITED_TARGETS[@]}" | tee "$WORK/limits.log"
fi
if [[ "${SKIP_IDLE:-}" != 1 ]]; then
  bench compare --scenarios idle --rounds 1 --duration "$IDLE_HOLD" --sessions "$IDLE_SESSIONS" \
    --postern-imap-port "$P_IMAPS" --postern-smtp-port "$P_SMTPS" --postern-pid "$P_PID" \
    --user bench@localhost "${COMMON[@]}" | tee "$WORK/idle.log"
fi
stop_postern

if [[ "${SKIP_COLD:-}" != 1 ]]; then
  bench argon2 --runs 10 --results "$WORK/results.tsv"
  start_postern "$WORK/cold"
  bench compare --scenarios logins --name logins-cold --rounds 1 --duration "$DURATION" --warmup "$WARMUP" \
    --clients "$COLD_USERS" --postern-imap-port "$P_IMAPS" --postern-smtp-port "$P_SMTPS" --postern-pid "$P_PID" \
    "${COMMON[@]}" --user 'cold%d@localhost' --user-count "$COLD_USERS" | tee "$WORK/cold.log"
  stop_postern
fi

echo
echo "== Postern vs direct upstream ($(machine_line); load average now $(cut -d' ' -f1-3 /proc/loadavg)) =="
cat "$WORK/summary.txt"
grep -m1 -h '^load generator' "$WORK"/compare.log "$WORK"/idle.log "$WORK"/cold.log 2>/dev/null | head -1 || true
echo
if [[ -s "$WORK/results.tsv" ]]; then bench report "$WORK/results.tsv"; fi
if [[ -s "$WORK/limits.log" ]]; then
  echo
  echo "== restricted app passwords (imap-read; smtp --send-as self) against an unrestricted one, all through Postern =="
  sed -n '/^Medians over/,$p' "$WORK/limits.log"
fi
