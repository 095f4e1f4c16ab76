#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the PostgreSQL store's tests.
#
#   eval "$(.ci/postgres.sh)"     # prints the exports on stdout, logs on stderr
#
# Installs Debian's `postgresql` package when its server is missing, runs initdb into a temporary directory
# (as the user `postgres`, or one made for it, when run as root: the server refuses to run as root), with
# password authentication on 127.0.0.1 only, starts it and waits until it answers. Prints:
#   MIGRATE_TEST_POSTGRES       postgres://migrate:PASSWORD@127.0.0.1:PORT/postgres (a superuser: tests create a database each)
#   MIGRATE_TEST_POSTGRES_CTL   a script taking stop|start|kill|restart, for the fault tests (kill: SIGKILL the server)
set -euo pipefail
PORT="${MIGRATE_TEST_POSTGRES_PORT:-15432}"
WORK="${MIGRATE_TEST_POSTGRES_DIR:-${TMPDIR:-/tmp}/migrate-ci-postgres}"
PASSWORD="migrate-ci"
log() { echo "postgres.sh: $*" >&2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
# The Debian package may start its own cluster on :5432 where systemd runs; ours is separate and needs none of it.

owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner" >&2
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }

if [ -f "$WORK/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$WORK/data" status >/dev/null 2>&1; then
    log "stopping the cluster left in $WORK"
    as_owner "$bindir/pg_ctl" -D "$WORK/data" -m immediate stop >&2 || true
fi
rm -rf "$WORK"
mkdir -p "$WORK"
chown "$owner" "$WORK"
echo "$PASSWORD" > "$WORK/pwfile"
chown "$owner" "$WORK/pwfile"
log "initdb into $WORK/data"
as_owner "$bindir/initdb" -D "$WORK/data" -U migrate --pwfile="$WORK/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
cat >> "$WORK/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
max_connections = 200
fsync = on
CONF
cat > "$WORK/ctl.sh" <<CTL
#!/usr/bin/env bash
# stop|start|kill|restart the test cluster in $WORK/data.
set -eu
as_owner() { if [ "\$(id -u)" = 0 ]; then runuser -u "$owner" -- "\$@"; else "\$@"; fi; }
case "\$1" in
  stop) as_owner "$bindir/pg_ctl" -D "$WORK/data" -m fast -w stop ;;
  kill)
    # As a machine that dies: SIGKILL the server and every process it started, by their ids.
    pid=\$(head -1 "$WORK/data/postmaster.pid")
    children=\$(ps --ppid "\$pid" -o pid= || true)
    kill -9 "\$pid" \$children 2>/dev/null || true
    for _ in \$(seq 50); do kill -0 "\$pid" \$children 2>/dev/null || break; sleep 0.1; done ;;
  start)
    for _ in 1 2 3 4 5; do
      as_owner "$bindir/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start && exit 0
      sleep 1
    done
    exit 1 ;;
  restart) as_owner "$bindir/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -m immediate -w -t 60 restart ;;
  *) echo "usage: \$0 stop|start|kill|restart" >&2; exit 2 ;;
esac
CTL
chmod +x "$WORK/ctl.sh"
log "starting PostgreSQL on 127.0.0.1:$PORT"
"$WORK/ctl.sh" start >&2
echo "export MIGRATE_TEST_POSTGRES=postgres://migrate:$PASSWORD@127.0.0.1:$PORT/postgres"
echo "export MIGRATE_TEST_POSTGRES_CTL=$WORK/ctl.sh"
