#!/usr/bin/env bash
# Refusal timing (issue 11): does the time Postern takes to refuse a wrong password tell an unknown
# user from a user with 1 or 10 app passwords?
#
# Starts a GreenMail upstream and a Postern in front of it on loopback (TLS on both legs), with
# limits.trusted-networks 127.0.0.0/8 so that failures from the probe are never throttled (a trusted
# source's refusal is answered after auth.failure-delay, every time), creates the users with
# Postern's CLI (`app-passwords create`): one@localhost with 1 app password, ten@localhost with 10,
# and nobody@localhost unknown; then runs `postern-bench.jar refusal-timing` with the three groups
# (unknown first: the baseline) and prints the table. Everything it starts is stopped on exit.
# At the default failure delay (2 s) and 40 samples, about 4.5 minutes plus the build.
#
# Settings (environment):
#   SAMPLES=40                 measured refusals per group (plus WARMUP_ROUNDS rounds, not kept)
#   WARMUP_ROUNDS=2
#   FAILURE_DELAY=             auth.failure-delay for a quicker run, e.g. 200ms; empty (the headline
#                              run) leaves Postern's default (2 s), which is what an attacker sees
#   TLS=implicit               implicit or starttls, the listener and the probe alike
#   MECHANISM=login            login (IMAP LOGIN) or plain (AUTHENTICATE PLAIN)
#   SEED=                      seed of the probe's schedule and permutation test (default: random, printed)
#   POSTERN_OPTS="-Xmx1g"      JVM options of Postern
#   BENCH_OPTS="-Xmx512m"      JVM options of the probe and the GreenMail upstream
#   SKIP_BUILD=1               use the jars already built
#   KEEP=1                     keep the work folder (config, logs, audit log, the probe's output)
set -euo pipefail

BENCH_OPTS="${BENCH_OPTS:--Xmx512m}"
source "$(dirname "$0")/lib.sh"
SAMPLES="${SAMPLES:-40}"
WARMUP_ROUNDS="${WARMUP_ROUNDS:-2}"
FAILURE_DELAY="${FAILURE_DELAY:-}"
TLS="${TLS:-implicit}"
MECHANISM="${MECHANISM:-login}"

build_jars
make_work postern-timing

# --- upstream (never reached by a refused login, but Postern needs one to start) ------------------
new_secret "$WORK/upstream.pw"
java $BENCH_OPTS -jar "$BENCH_JAR" upstream --dir "$WORK/upstream" --user bench@localhost \
  --password-file "$WORK/upstream.pw" --mailbox-mib 0 > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/upstream/upstream.properties" "" 120
prop() { grep "^$1=" "$WORK/upstream/upstream.properties" | cut -d= -f2-; }
UP_IMAPS="$(prop imaps.port)"; UP_SMTPS="$(prop smtps.port)"; UP_CERT="$(prop certificate)"

# --- Postern: config and users -----------------------------------------------------------------------
head -c 32 /dev/urandom > "$WORK/upstream.key"; chmod 600 "$WORK/upstream.key"
CONFIG="$WORK/postern.yml"
cat > "$CONFIG" <<YAML
tls:
  certificate: $WORK/upstream/certificate.pem
  private-key: $WORK/upstream/private-key.pem
store:
  sqlite: $WORK/postern.db
${FAILURE_DELAY:+auth:
  failure-delay: $FAILURE_DELAY}
admin:
  address: "127.0.0.1:0"
limits:
  # the probe's source: never throttled, so every refusal waits auth.failure-delay exactly
  trusted-networks: ["127.0.0.0/8"]
imap:
  listeners:
    - { address: "127.0.0.1:0", tls: $TLS }
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
YAML
echo "creating one@localhost (1 app password) and ten@localhost (10) ..." >&2
# the passwords are printed once by the CLI; nobody needs them here, so they go nowhere
postern app-passwords create -c "$CONFIG" -u one@localhost -l timing-1 > /dev/null
for i in $(seq 1 10); do postern app-passwords create -c "$CONFIG" -u ten@localhost -l "timing-$i" > /dev/null; done

start_postern "$WORK"
P_IMAP="$(grep -o "imap $TLS listening on 127.0.0.1:[0-9]*" "$WORK/postern.log" | head -1 | sed 's/.*://')"
echo "Postern (pid $P_PID) $TRANSPORT_LINE, IMAP $TLS on $P_IMAP;" \
  "auth.failure-delay ${FAILURE_DELAY:-default (2s)}; commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

bench refusal-timing --imap-port "$P_IMAP" --tls "$TLS" --trust "$UP_CERT" \
  --mechanism "$MECHANISM" --samples "$SAMPLES" --warmup-rounds "$WARMUP_ROUNDS" ${SEED:+--seed "$SEED"} \
  --group unknown=nobody@localhost --group one=one@localhost --group ten=ten@localhost | tee "$WORK/timing.txt"
