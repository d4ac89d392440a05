#!/usr/bin/env bash
# Postern next to the peers a mail administrator would pick instead (issue 19), in one run.
#
# Starts a real Dovecot (Debian's dovecot-imapd) on loopback in a work folder (IMAP and IMAPS,
# passwd-file users, a master user, Maildir, a self-signed certificate), seeds the benchmark
# mailbox, and puts three proxies in front of it:
#   nginx             Debian's nginx-light + libnginx-mod-mail: TLS front, plaintext upstream, and an
#                     auth_http responder (postern-bench.jar auth-http) that accepts every login
#   postern-plain     Postern, TLS front, plaintext upstream, master-user login (nginx's work)
#   postern-tls       Postern, TLS on both legs (upstream IMAPS, Dovecot's certificate as trust:)
# (server CPU figures only for the Posterns: Dovecot's and nginx's work is done in their children)
# Then runs postern-bench.jar peers: fetch, NOOP and logins against Dovecot directly (IMAPS) and the
# three proxies in alternating rounds, and prints one table of medians with ratios.
# Every client connection does a full TLS handshake. Everything it starts is stopped on exit, TERM,
# Ctrl-C or failure. Installs nginx-light and libnginx-mod-mail (and dovecot-imapd) with apt-get
# when they are missing and it runs as root; otherwise it says what to install.
# At the defaults about 11 minutes (3 scenarios x 4 targets x (15 s + 7 rounds x (1 s + 5 s)), plus set-up).
#
# Settings (environment):
#   DURATION=5s WARMUP=1s ROUNDS=7       measured time, warm-up and rounds per scenario and target
#   JIT_WARMUP=15s                       first one untimed round of this per scenario and target, so that the
#                                        rounds measure the JVMs after their compilers, as a gateway runs for
#                                        days (0: none, as before 2026-12-06)
#   CLIENTS=8                            concurrent login loops
#   MESSAGES=20 MESSAGE_KIB=1024         the mailbox that fetch reads: 20 messages of 1 MiB
#   SCENARIOS=fetch,noop,logins          the alternated scenarios
#   NGINX_WORKERS=auto                   nginx's worker_processes (auto: one per core)
#   POSTERN_OPTS="-Xmx1g"                JVM options of both Posterns
#   BENCH_OPTS="-Xmx1g"                  JVM options of the load generator and the auth_http responder
#   RESUME_TLS=1                         let the client resume TLS sessions instead
#   POSTERN_BASELINE_JAR=path            a fifth target: another postern.jar (e.g. built from main) with TLS on
#                                        both legs, its own process and store; the new one is also set against it
#   TARGETS=direct,nginx,...             only these targets (of direct, nginx, postern-plain, postern-tls,
#                                        postern-base); the default is all of them
#   POSTERN_TLS_OPTS=...                 extra JVM options of the TLS-both-legs Postern(s) only (a profiler agent)
#   POSTERN_WARM=N                       imap.upstream.warm-connections of the TLS-both-legs Postern (not the baseline's)
#   PIN=1                                the proxies (nginx, the Posterns) on the last core, Dovecot, the
#                                        responder and the load generator on the others (taskset): what a
#                                        proxy on a host of its own adds; nginx then has 1 worker unless set
#   SKIP_BUILD=1                         use the jars already built
#   KEEP=1                               keep the work folder (configs, logs, the full output)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-1s}"
ROUNDS="${ROUNDS:-7}"
JIT_WARMUP="${JIT_WARMUP:-15s}"
CLIENTS="${CLIENTS:-8}"
MESSAGES="${MESSAGES:-20}"
MESSAGE_KIB="${MESSAGE_KIB:-1024}"
SCENARIOS="${SCENARIOS:-fetch,noop,logins}"
NGINX_WORKERS="${NGINX_WORKERS:-auto}"
USER_NAME=bench@localhost
MASTER=postern-master
NGINX_MAIL_MODULE=/usr/lib/nginx/modules/ngx_mail_module.so
REST_PIN=""; PROXY_PIN=""; PIN_LINE="none"
if [[ "${PIN:-}" == 1 ]]; then
  CORES="$(nproc)"
  (( CORES >= 2 )) || { echo "PIN=1 needs at least 2 cores; this machine has $CORES" >&2; exit 1; }
  PROXY_PIN="taskset -c $((CORES - 1))"; REST_PIN="taskset -c 0-$((CORES - 2))"
  [[ "$NGINX_WORKERS" == auto ]] && NGINX_WORKERS=1
  BENCH_PREFIX="$REST_PIN"; POSTERN_PREFIX="$PROXY_PIN"
  PIN_LINE="proxies on core $((CORES - 1)), Dovecot and the load generator on cores 0-$((CORES - 2))"
fi
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- what it needs ----------------------------------------------------------------------------------
missing=()
[[ -x /usr/sbin/dovecot && -x /usr/lib/dovecot/imap-login ]] || missing+=(dovecot-imapd)
command -v nginx > /dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
[[ -f "$NGINX_MAIL_MODULE" ]] || missing+=(libnginx-mod-mail)
command -v openssl > /dev/null || missing+=(openssl)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" == 0 ]]; then
    echo "installing ${missing[*]} ..." >&2
    apt-get install -y -q "${missing[@]}" > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q "${missing[@]}" > /dev/null; }
    # the packages start system-wide services on ports 143/993; this benchmark never uses them
  else
    echo "missing: ${missing[*]} (expected: sudo apt-get install -y ${missing[*]})" >&2; exit 1
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

build_jars
make_work postern-peers
AS_ROOT=0; [[ "$(id -u)" == 0 ]] && AS_ROOT=1
# as root, Dovecot's unprivileged processes (dovecot, dovenull, nobody) must reach the work folder
(( AS_ROOT )) && chmod 711 "$WORK"

read -r DOVE_IMAP DOVE_IMAPS NGINX_IMAPS < <(bench free-ports 3)
new_secret "$WORK/user.pw"; new_secret "$WORK/master.pw"; new_secret "$WORK/app.pw"

# --- TLS: one self-signed EC P-256 certificate for localhost, used by every server -----------------
mkdir -p "$WORK/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2> /dev/null
chmod 600 "$WORK/tls/key.pem"
CERT="$WORK/tls/cert.pem"; KEY="$WORK/tls/key.pem"

# --- Dovecot ---------------------------------------------------------------------------------------
D="$WORK/dovecot"
mkdir -p "$D/run" "$D/state" "$D/mail"
if (( AS_ROOT )); then
  chmod 711 "$D"; chmod 755 "$D/run"
  chown nobody:nogroup "$D/mail"; chmod 700 "$D/mail"
  ACCOUNTS="default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_uid = nobody
mail_gid = nogroup"
  NO_CHROOT=""
else
  ACCOUNTS="default_internal_user = $(id -un)
default_internal_group = $(id -gn)
default_login_user = $(id -un)"
  NO_CHROOT="  chroot ="
fi
passwd_file() { # file user password
  (umask 077; echo "$2:{PLAIN}$(cat "$3")::::::" > "$1")
  if (( AS_ROOT )); then chgrp dovecot "$1"; chmod 640 "$1"; fi
}
passwd_file "$D/users.passwd" "$USER_NAME" "$WORK/user.pw"
passwd_file "$D/masters.passwd" "$MASTER" "$WORK/master.pw"
cat > "$D/dovecot.conf" <<CONF
# Written by gateway-bench/peers.sh; includes nothing from /etc/dovecot.
instance_name = postern-peers-$$
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
# nginx and Postern log in over the plaintext port from loopback
login_trusted_networks = 127.0.0.0/8
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_master_user_separator = *
auth_failure_delay = 0
$ACCOUNTS
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:$D/mail/%u
ssl = yes
ssl_cert = <$CERT
ssl_key = <$KEY
protocol imap {
  # 8 login loops and the fetch session of one user, all from 127.0.0.1
  mail_max_userip_connections = 1000
}
passdb {
  driver = passwd-file
  args = $D/masters.passwd
  master = yes
  result_success = continue
}
passdb {
  driver = passwd-file
  args = $D/users.passwd
}
userdb {
  driver = passwd-file
  args = $D/users.passwd
  default_fields = home=$D/mail/%u
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
$NO_CHROOT
}
service ipc {
$NO_CHROOT
}
service old-stats {
$NO_CHROOT
}
service imap-urlauth-login {
$NO_CHROOT
}
service imap-login {
$NO_CHROOT
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVE_IMAP
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DOVE_IMAPS
    ssl = yes
  }
}
CONF
$REST_PIN /usr/sbin/dovecot -F -c "$D/dovecot.conf" > "$D/dovecot.console" 2>&1 &
DOVE_PID=$!; PIDS+=($DOVE_PID)

greets() { # port: a plaintext IMAP greeting within 2 s
  (exec 3<> "/dev/tcp/127.0.0.1/$1" && read -r -t 2 line <&3 && [[ "$line" == "* OK"* ]]) 2> /dev/null
}
listens() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
wait_until() { # what, seconds, command...
  local what="$1" limit="$2" i; shift 2
  for ((i = 0; i < limit * 10; i++)); do "$@" && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2; return 1
}
wait_until "Dovecot on port $DOVE_IMAP" 20 greets "$DOVE_IMAP" \
  || { cat "$D/dovecot.console" "$D/dovecot.log" >&2 2> /dev/null; exit 1; }

echo "seeding $USER_NAME's INBOX with $MESSAGES messages of $MESSAGE_KIB KiB ..." >&2
{
  printf 'From: bench@localhost\r\nTo: bench@localhost\r\nSubject: peers benchmark\r\nMessage-ID: <peers@localhost>\r\n'
  printf 'Date: Thu, 1 Jan 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n'
  head -c $((MESSAGE_KIB * 1024 * 3 / 4)) /dev/urandom | base64 -w 76 | sed 's/$/\r/'
} > "$WORK/message.eml"
for ((i = 0; i < MESSAGES; i++)); do
  doveadm -c "$D/dovecot.conf" save -u "$USER_NAME" -m INBOX < "$WORK/message.eml"
done
SEEDED="$(doveadm -c "$D/dovecot.conf" mailbox status -u "$USER_NAME" messages INBOX)"
[[ "$SEEDED" == *"messages=$MESSAGES" ]] || { echo "seeding failed: $SEEDED (expected messages=$MESSAGES)" >&2; exit 1; }

# --- nginx and its auth_http responder ---------------------------------------------------------------
N="$WORK/nginx"
mkdir -p "$N"
bench auth-http --upstream-port "$DOVE_IMAP" --port-file "$N/auth-http.port" > "$N/auth-http.log" 2>&1 &
PIDS+=($!)
wait_for "$N/auth-http.port" "" 60
AUTH_PORT="$(cat "$N/auth-http.port")"
cat > "$N/nginx.conf" <<CONF
# Written by gateway-bench/peers.sh: nginx's mail proxy as Debian ships it, in front of the same Dovecot.
load_module $NGINX_MAIL_MODULE;
daemon off;
worker_processes $NGINX_WORKERS;
pid $N/nginx.pid;
error_log $N/error.log warn;
events {
  worker_connections 4096;
}
mail {
  server_name localhost;
  # accepts every login and names Dovecot's plaintext port: nginx's best case
  auth_http 127.0.0.1:$AUTH_PORT/auth;
  proxy_pass_error_message on;
  ssl_certificate $CERT;
  ssl_certificate_key $KEY;
  server {
    listen 127.0.0.1:$NGINX_IMAPS ssl;
    protocol imap;
  }
}
CONF
$PROXY_PIN "$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" > "$N/console.log" 2>&1 &
NGINX_PID=$!; PIDS+=($NGINX_PID)
wait_until "nginx on port $NGINX_IMAPS" 20 listens "$NGINX_IMAPS" || { cat "$N/console.log" "$N/error.log" >&2; exit 1; }

# --- Postern: plaintext upstream, and TLS on both legs --------------------------------------------
write_postern_config() { # folder, upstream port, upstream tls (none or implicit), [warm connections per loop]
  mkdir -p "$1"
  local trust=""
  [[ "$3" == implicit ]] && trust=", trust: $CERT, server-name: localhost"
  [[ -n "${4:-}" && "${4:-0}" != 0 ]] && trust="$trust, warm-connections: $4"
  cat > "$1/postern.yml" <<YAML
tls:
  certificate: $CERT
  private-key: $KEY
store:
  sqlite: $1/postern.db
admin:
  address: "127.0.0.1:0"
limits:
  # the load generator is one source opening hundreds of connections a second
  trusted-networks: ["127.0.0.0/8"]
imap:
  listeners:
    - { address: "127.0.0.1:0", tls: implicit }
  upstream: { address: "127.0.0.1:$2", tls: $3$trust }
  host-name: localhost
upstream-auth: { mode: master-user, master-user: $MASTER, master-password-file: $WORK/master.pw }
YAML
}
write_postern_config "$WORK/postern-plain" "$DOVE_IMAP" none
write_postern_config "$WORK/postern-tls" "$DOVE_IMAPS" implicit "${POSTERN_WARM:-}"
HASH="$(postern hash -c "$WORK/postern-plain/postern.yml" < "$WORK/app.pw" 2> /dev/null)"
for p in postern-plain postern-tls; do
  echo "$HASH" | postern app-passwords import -c "$WORK/$p/postern.yml" -u "$USER_NAME" -l bench --hash-stdin > /dev/null
done
start_postern "$WORK/postern-plain"; PLAIN_PID=$P_PID; PLAIN_PORT=$P_IMAPS
POSTERN_OPTS="$POSTERN_OPTS ${POSTERN_TLS_OPTS:-}" start_postern "$WORK/postern-tls"; TLS_PID=$P_PID; TLS_PORT=$P_IMAPS
BASE_LINE=""
if [[ -n "${POSTERN_BASELINE_JAR:-}" ]]; then
  write_postern_config "$WORK/postern-base" "$DOVE_IMAPS" implicit
  echo "$HASH" | postern app-passwords import -c "$WORK/postern-base/postern.yml" -u "$USER_NAME" -l bench --hash-stdin > /dev/null
  POSTERN_JAR="$POSTERN_BASELINE_JAR" POSTERN_OPTS="$POSTERN_OPTS ${POSTERN_TLS_OPTS:-}" start_postern "$WORK/postern-base"
  BASE_PID=$P_PID; BASE_PORT=$P_IMAPS
  BASE_LINE="; baseline $POSTERN_BASELINE_JAR, TLS both legs pid $BASE_PID (IMAPS $BASE_PORT)"
fi

# --- the run ---------------------------------------------------------------------------------------
{
  echo "machine: $(machine_line)"
  echo "Dovecot $(/usr/sbin/dovecot --version 2>/dev/null | cut -d' ' -f1) (pid $DOVE_PID, IMAP $DOVE_IMAP, IMAPS $DOVE_IMAPS);" \
       "$("$NGINX" -v 2>&1 | sed 's|nginx version: ||') (pid $NGINX_PID, $NGINX_WORKERS workers, IMAPS $NGINX_IMAPS);" \
       "$(openssl version | cut -d' ' -f1-2)"
  echo "Postern: $TRANSPORT_LINE; plaintext upstream pid $PLAIN_PID (IMAPS $PLAIN_PORT), TLS both legs pid $TLS_PID (IMAPS $TLS_PORT);" \
       "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$BASE_LINE"
  echo "mailbox: $MESSAGES messages of $MESSAGE_KIB KiB; an untimed round of $JIT_WARMUP, then $ROUNDS rounds of ${WARMUP} warm-up + ${DURATION};" \
       "$CLIENTS login loops;" \
       "pinning: $PIN_LINE"
} > "$WORK/summary.txt"
cat "$WORK/summary.txt"

# in the background, so that a TERM to this script stops everything at once rather than after the run
WANTED=",${TARGETS:-direct,nginx,postern-plain,postern-tls,postern-base},"
wanted() { [[ "$WANTED" == *",$1,"* ]]; }
TARGET_ARGS=()
wanted direct && TARGET_ARGS+=(--target direct --heading "Dovecot direct (IMAPS)" --imap-port "$DOVE_IMAPS" --trust "$CERT"
  --user "$USER_NAME" --password-file "$WORK/user.pw")
wanted nginx && TARGET_ARGS+=(--target nginx --heading "nginx mail (TLS front, plaintext upstream, accept-all auth_http)"
  --imap-port "$NGINX_IMAPS" --trust "$CERT" --user "$USER_NAME" --password-file "$WORK/user.pw")
wanted postern-plain && TARGET_ARGS+=(--target postern-plain --heading "Postern, plaintext upstream (nginx's work)"
  --imap-port "$PLAIN_PORT" --trust "$CERT" --user "$USER_NAME" --password-file "$WORK/app.pw" --pid "$PLAIN_PID"
  $(wanted nginx && echo --vs nginx || true))
VS_TLS=(); wanted direct && VS_TLS+=(direct)
[[ -n "${POSTERN_BASELINE_JAR:-}" ]] && wanted postern-base && VS_TLS+=(postern-base)
if [[ -n "${POSTERN_BASELINE_JAR:-}" ]] && wanted postern-base; then
  TARGET_ARGS+=(--target postern-base --heading "Postern, TLS both legs (baseline jar)" --imap-port "$BASE_PORT" --trust "$CERT"
    --user "$USER_NAME" --password-file "$WORK/app.pw" --pid "$BASE_PID" $(wanted direct && echo --vs direct || true))
fi
wanted postern-tls && TARGET_ARGS+=(--target postern-tls --heading "Postern, TLS both legs" --imap-port "$TLS_PORT" --trust "$CERT"
  --user "$USER_NAME" --password-file "$WORK/app.pw" --pid "$TLS_PID"
  $( (( ${#VS_TLS[@]} > 0 )) && echo --vs "$(IFS=,; echo "${VS_TLS[*]}")" || true))
if [[ "$JIT_WARMUP" != 0 && "$JIT_WARMUP" != 0s ]]; then
  echo "first one untimed round of $JIT_WARMUP per scenario and target (the JVMs' compilers; JIT_WARMUP=0 skips it) ..." >&2
  bench peers --scenarios "$SCENARIOS" --rounds 1 --duration "$JIT_WARMUP" --warmup 0s --clients "$CLIENTS" \
    ${RESUME_TLS:+--resume-tls} --fetch-user "$USER_NAME" "${TARGET_ARGS[@]}" > "$WORK/jit-warmup.log" 2>&1 &
  WARM_PID=$!; PIDS+=($WARM_PID)
  wait "$WARM_PID" || { echo "the untimed round failed:" >&2; tail -20 "$WORK/jit-warmup.log" >&2; exit 1; }
fi
{ bench peers --scenarios "$SCENARIOS" --rounds "$ROUNDS" --duration "$DURATION" --warmup "$WARMUP" --clients "$CLIENTS" \
  ${RESUME_TLS:+--resume-tls} --fetch-user "$USER_NAME" "${TARGET_ARGS[@]}" \
  | tee "$WORK/peers.log" | { grep --line-buffered -E '^[a-z-]+ round [0-9]+, ' >&2 || true; }; } &
RUN_PID=$!; PIDS+=($RUN_PID)
wait "$RUN_PID"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== Postern and its peers in front of the same Dovecot =="
cat "$WORK/summary.txt"
echo "load average (1, 5, 15 min): before $LOAD_BEFORE, after $LOAD_AFTER"
sed -n '/^load generator/p' "$WORK/peers.log"
echo
sed -n '/^Medians over/,$p' "$WORK/peers.log"
