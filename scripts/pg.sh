#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests and the benchmark: `pg.sh start DIR` makes a
# cluster in DIR (initdb as an unprivileged user: `postgres` when run as root), listening
# on 127.0.0.1 on a free port and on a Unix socket in DIR only, and prints the lines to
# `eval`: CONNECTORS_TEST_PG (a URL without a database) and CONNECTORS_TEST_PG_CTL (a
# script that runs pg_ctl on it, for the restart test). `pg.sh stop DIR` stops it and
# removes DIR. Installs Debian's postgresql package when it is missing (as root).
set -euo pipefail
cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
case "$cmd" in
start)
    if [ -z "$(bindir)" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        else
            echo "error: PostgreSQL is not installed and cannot be (run as root, or install Debian's postgresql)" >&2
            exit 1
        fi
    fi
    bin=$(bindir)
    mkdir -p "$dir"
    as=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$dir"
        as=(runuser -u postgres --)
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U connectors --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # One role logs in with a password (the password-file test); everyone else is trusted.
    cat >"$dir/data/pg_hba.conf" <<HBA
local all all trust
host all secretive 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
HBA
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    cat >"$dir/pg_ctl" <<CTL
#!/usr/bin/env bash
exec ${as[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w "\$@"
CTL
    chmod 755 "$dir/pg_ctl"
    "$dir/pg_ctl" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export CONNECTORS_TEST_PG=postgres://connectors@127.0.0.1:$port/"
    echo "export CONNECTORS_TEST_PG_CTL=$dir/pg_ctl"
    echo "export CONNECTORS_TEST_PG_BIN=$bin"
    ;;
stop)
    [ -x "$dir/pg_ctl" ] && "$dir/pg_ctl" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
