#!/usr/bin/env bash
# TLS to a remote server (SECURITY.md "Database connection"): a private PostgreSQL of this
# test's own on 127.0.0.1 (the shared test server has no TCP), with a certificate for
# "localhost" issued by a throwaway CA made here with openssl, accepting TLS only and
# authenticating clients by certificate (pg_hba "cert": the certificate's CN is the
# role). With sslmode=verify-full and that CA, migrate and the batch and report logins
# work; with another CA, another host name, no TLS, no client certificate or another
# role's certificate, the connection is refused, exit 69, saying why.
source "$(dirname "$0")/lib.sh"

command -v openssl >/dev/null || fail "openssl not found (install openssl)"

# The server binaries, as scripts/pg finds them.
if [[ -n "${PG_BINDIR:-}" ]]; then
    bindir=$PG_BINDIR
elif [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
    bindir=/usr/lib/postgresql/15/bin
else
    bindir=$(dirname "$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' \
        2>/dev/null | sort -V | tail -n 1)")
fi
[[ -x "$bindir/pg_ctl" ]] || fail "no PostgreSQL server binaries (PG_BINDIR, /usr/lib/postgresql)"

# The server refuses to run as root: as root it runs as the system user scripts/pg makes.
if [[ $(id -u) == 0 ]]; then
    srv_user=leaseledger
    getent passwd "$srv_user" >/dev/null || fail "no user \"$srv_user\" (scripts/pg creates it)"
    as_server()
    {
        (cd / && runuser -u "$srv_user" -- "$@")
    }
    chmod 711 "$TMP"
else
    srv_user=$(id -un)
    as_server()
    {
        (cd / && "$@")
    }
fi

# --- certificates ----------------------------------------------------------------------
T="$TMP/tls"
mkdir -m 755 "$T"
umask 077
ca()
{
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=$2" -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign -keyout "$T/$1.key" -out "$T/$1.crt" \
        2>/dev/null || fail "could not make CA $1"
}
# issue NAME CN EXT: a key and a certificate for CN signed by ca, with extensions EXT.
issue()
{
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$2" \
        -keyout "$T/$1.key" -out "$T/$1.csr" 2>/dev/null || fail "could not make key $1"
    printf '%s\n' "$3" >"$T/$1.ext"
    openssl x509 -req -in "$T/$1.csr" -CA "$T/ca.crt" -CAkey "$T/ca.key" -CAcreateserial \
        -days 2 -extfile "$T/$1.ext" -out "$T/$1.crt" 2>/dev/null ||
        fail "could not sign certificate $1"
}
ca ca "leaseledger test CA"
ca wrong-ca "another CA"
issue server localhost "subjectAltName=DNS:localhost
extendedKeyUsage=serverAuth"
for role in leaseledger ldg_batch_login ldg_report_login; do
    issue "$role" "$role" "extendedKeyUsage=clientAuth"
done
umask 022
chmod 644 "$T"/*.crt
openssl verify -CAfile "$T/ca.crt" "$T/server.crt" >/dev/null || fail "the server certificate does not verify"
[[ $(openssl x509 -in "$T/server.crt" -noout -ext subjectAltName | tail -n 1 | tr -d ' ') == \
    DNS:localhost ]] || fail "the server certificate's SAN is not DNS:localhost"

# --- the private server ------------------------------------------------------------------
P="$TMP/pg"
mkdir -p "$P/data" "$P/sock"
cp "$T/server.key" "$P/server.key"
chown -R "$srv_user" "$P"
chmod 700 "$P/data"
as_server "$bindir/initdb" -D "$P/data" -U leaseledger --auth-local=trust --auth-host=reject \
    -E UTF8 --locale=C >"$P/initdb.log" 2>&1 || fail "initdb failed: $(cat "$P/initdb.log")"
as_server tee "$P/data/pg_hba.conf" >/dev/null <<'EOF'
local     all  all                 trust
hostssl   all  all  127.0.0.1/32   cert
hostnossl all  all  127.0.0.1/32   reject
EOF
port=""
for ((try = 0; try < 10; try++)); do
    candidate=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue # in use
    opts="-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$P/sock"
    opts+=" -c ssl=on -c ssl_cert_file=$T/server.crt -c ssl_key_file=$P/server.key"
    opts+=" -c ssl_ca_file=$T/ca.crt -c fsync=off"
    if as_server "$bindir/pg_ctl" start -D "$P/data" -l "$P/server.log" -w -t 60 -s \
        -o "$opts"; then
        port=$candidate
        break
    fi
done
[[ -n "$port" ]] || fail "could not start the TLS server: $(tail -n 20 "$P/server.log")"
at_exit "as_server '$bindir/pg_ctl' stop -D '$P/data' -m immediate -s >/dev/null 2>&1"
"$LDG_PSQL" -X -q -h "$P/sock" -p "$port" -U leaseledger -d postgres \
    -c "CREATE DATABASE ldg_tls" || fail "could not create the database"

# conninfo USER [MORE...]: a verify-full connection to the private server as USER with
# USER's client certificate.
conninfo()
{
    local user=$1
    shift
    echo "host=localhost port=$port dbname=ldg_tls user=$user sslmode=verify-full" \
        "sslrootcert=$T/ca.crt sslcert=$T/$user.crt sslkey=$T/$user.key $*"
}
# The test's environment names the shared server: none of it may leak into these runs.
unset PGHOST PGPORT PGDATABASE PGUSER PGSSLMODE PGSSLROOTCERT DATABASE_URL

# --- verify-full with the right CA: it works, and it is TLS ---------------------------------
expect_exit 0 "$LL" migrate --db "$(conninfo leaseledger)"
nfiles=$(find "$LDG_SRC/migrations" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
expect_contains "$OUT" "applied $nfiles migration"
[[ $("$LDG_PSQL" -X -A -t -d "$(conninfo leaseledger)" \
    -c "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "t|TLSv1.3" ]] ||
    fail "the connection is not TLS 1.3"

# the least-privileged logins over TLS, each with its own certificate
CASES="$LDG_SRC/tests/cases/ledger"
make_key
expect_exit 0 "$LL" site load --db "$(conninfo ldg_batch_login)" "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load --db "$(conninfo ldg_batch_login)" \
    "$CASES/contract-C1-ANTH.json"
awk -v n=20 -f "$CASES/gen_usage.awk" >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest -q --db "$(conninfo ldg_batch_login)" "$TMP/usage.csv"
expect_exit 0 "$LL" seal --db "$(conninfo ldg_batch_login)"
expect_contains "$OUT" "sealed anthropic: 0 -> 21 entries"
expect_exit 0 "$LL" verify -q --db "$(conninfo ldg_report_login)" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "OK: 1 tenant, 21 entries"

# --- refused, exit 69, and the reason ---------------------------------------------------------
refused()
{
    local why=$1
    shift
    expect_exit 69 "$LL" verify -q --db "$*"
    expect_contains "$ERR" "leaseledger: could not connect to the database"
    expect_contains "$ERR" "$why"
    expect_empty "$OUT"
}
# a server whose certificate another CA issued (or a man in the middle)
refused "certificate verify failed" \
    "$(conninfo ldg_report_login)" "sslrootcert=$T/wrong-ca.crt"
# the right CA, but the host name is not the one certified
refused 'does not match host name "127.0.0.1"' \
    "$(conninfo ldg_report_login | sed 's/host=localhost/host=127.0.0.1/')"
# no CA at all
refused "root certificate file \"$T/none.crt\" does not exist" \
    "$(conninfo ldg_report_login)" "sslrootcert=$T/none.crt"
# the server takes no connection in the clear
refused "no encryption" "host=localhost port=$port dbname=ldg_tls user=ldg_report_login sslmode=disable"
# no client certificate, or the batch login's certificate presented as the reader
refused "connection requires a valid client certificate" \
    "host=localhost port=$port dbname=ldg_tls user=ldg_report_login sslmode=verify-full" \
    "sslrootcert=$T/ca.crt sslcert=$T/none.crt sslkey=$T/none.key"
refused 'certificate authentication failed for user "ldg_report_login"' \
    "$(conninfo ldg_report_login)" "sslcert=$T/ldg_batch_login.crt sslkey=$T/ldg_batch_login.key"

echo "PASS: $TEST_NAME"
