#!/usr/bin/env bash
# Evidence-bundle benchmark: `leaseledger audit bundle` and `leaseledger-verify` for one
# invoice backed by about N usage records (default 1,000,000), against `openssl speed`
# for SHA-256 and Ed25519 on the same machine.
#
# Usage: bench/bundle_bench.sh [--records N] [--build DIR] [--pg DIR] [--stop]
#
#   --records N   usage records behind the invoice (default 1000000): the sample's
#                 anthropic contract (sample/, from 2026-11-10, 504 billed hours of
#                 November) with N / 504 pods (class mix, 100 GPUs each), 4 hall meters
#                 and a downtime record every 97th pod-hour
#   --build DIR   where leaseledger, leaseledger-verify and gen_usage are (default:
#                 build-bench; build it with cmake -S . -B build-bench
#                 -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)
#   --pg DIR      the benchmark's private PostgreSQL (default: var/bench-pg)
#   --stop        stop the server at the end
#
# What it does (every command is printed as it runs, and listed again at the end):
#   1. openssl speed -seconds 3 sha256 ed25519;
#   2. in a fresh database bench_bundle_nN: migrate, keygen, load the sample site and the
#      anthropic contract, generate the records and 25 hours of December's (outside the
#      invoice, about 5% more), ingest them interleaved in 10 rounds (so the bundle's
#      multi-proof has gaps to cover), bill 2026-11 as of 2026-12-01T02:00:00Z and seal
#      (untimed);
#   3. times (a) `leaseledger audit bundle --invoice C1-2026-000001` (best of 2 runs,
#      after a CHECKPOINT) and (b) `leaseledger-verify BUNDLE --vkey KEY` (best of 2), each
#      under /usr/bin/time -v for peak RSS;
#   4. reports bundle bytes per covered entry against the entries' own canonical bytes,
#      the proof hashes, build and verify times and rates, and the hashing verify must do
#      (one leaf per entry over its canonical bytes, one node per interior hash of the
#      multi-proof: at most entries + nodes, one Ed25519 verify) timed at openssl's speed.
# Figures also go to var/bench/bundle-nN/bundle.results (key=value).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/bundle_bench.sh

die()
{
    echo "$prog: $*" >&2
    exit 1
}
usage_error()
{
    echo "$prog: $*" >&2
    echo "Try '$prog --help'." >&2
    exit 64
}

n=1000000 build=build-bench pgdir=var/bench-pg stop=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    --records) n=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --stop) stop=1 ;;
    *) usage_error "unknown argument \"$1\"" ;;
    esac
    shift
done
[[ "$n" =~ ^[1-9][0-9]{3,9}$ ]] || usage_error "--records must be an integer of at least 1000"
bin=$root/$build
[[ "$build" == /* ]] && bin=$build
for b in leaseledger leaseledger-verify gen_usage; do
    [[ -x "$bin/$b" ]] || die "no $bin/$b: build first (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)"
done
command -v openssl >/dev/null || die "openssl not found"
command -v jq >/dev/null || die "jq not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
LL=$bin/leaseledger
LV=$bin/leaseledger-verify
hours=504
pods=$(((n + hours - 1) / hours))
work=var/bench/bundle-n$n
db=bench_bundle_n$n
mkdir -p "$work"
chmod 700 "$work"

cmds=()
exec 3>&2
note_raw()
{
    echo "+ $1" >&3
    cmds+=("$1")
}
quote()
{
    local a out=""
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./=:@%+,-]+$ ]]; then
            out+=" $a"
        else
            out+=" '${a//\'/\'\\\'\'}'"
        fi
    done
    printf '%s' "${out# }"
}
note_cmd() { note_raw "$(quote "$@")"; }
run() { note_cmd "$@"; "$@" 3>&-; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
sqlq() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
cpu_snap() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
cpu_busy()
{
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
        t = y[1] - x[1]; i = y[2] - x[2]; printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0) }'
}
others()
{
    ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5 && $2 !~ /^(postgres|leaseledger|leaseledger-veri|ps|awk)$/ {
        printf "%s%s %s%%", (n++ ? ", " : ""), $2, $1 } END { if (!n) printf "none" }'
}
rss_of() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
# user + system CPU seconds of a command timed by /usr/bin/time -v: on a busy machine the
# steadier measure of our own work than the wall time
cpu_of()
{
    awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 }
        END { printf "%.2f", u + s }' "$1"
}

echo "== openssl speed -seconds 3 sha256 ed25519"
run openssl speed -seconds 3 sha256 ed25519 >"$work/openssl-speed.txt" 2>&1
# "Doing sha256 for 3s on 256 size blocks: 11111111 sha256's in 3.00s"
ossl_rate()
{
    sed -n "s/^Doing sha256 for [0-9]*s on $1 size blocks: \([0-9]*\) sha256's in \([0-9.]*\)s.*/\1 \2/p" \
        "$work/openssl-speed.txt" | awk '{ printf "%.0f", $1 / $2 }'
}
ossl64=$(ossl_rate 64)
ossl256=$(ossl_rate 256)
# "                              sign    verify    sign/s verify/s"
# " 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  23456.7   8765.4"
ed_verify=$(awk '/EdDSA \(Ed25519\)/ { printf "%.0f", $NF }' "$work/openssl-speed.txt")
[[ -n "$ossl64" && -n "$ossl256" && -n "$ed_verify" ]] ||
    die "could not read openssl speed output ($work/openssl-speed.txt)"
echo "openssl: sha256 $ossl64/s (64-byte blocks), $ossl256/s (256-byte blocks); ed25519 $ed_verify verify/s"

echo "== server ($pgdir), database $db"
run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"
note_raw "eval \"\$(scripts/pg env $pgdir)\""
run sqlq -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
run sqlq -d postgres -c "CREATE DATABASE $db TEMPLATE template0"
export PGDATABASE=$db
note_cmd export PGDATABASE="$db"
run "$LL" migrate >/dev/null
rm -f "$work/operator.key" "$work/operator.key.pub"
run "$LL" keygen --name bench-operator --out "$work/operator.key" >"$work/keygen.out"
tail -n 1 "$work/keygen.out" >"$work/verifier.key"
export LEASELEDGER_KEY=$root/$work/operator.key
note_cmd export LEASELEDGER_KEY="$LEASELEDGER_KEY"
run "$LL" site load sample/site-colossus-1.json >/dev/null
run "$LL" contract load sample/contract-anthropic.json >/dev/null

echo "== $pods pods x $hours hours of anthropic's November usage, and some of December (untimed)"
# November's records interleaved with December's (outside the invoice's period) in 10
# rounds, so that the bundle leaves gaps in the log that its multi-proof must cover
for m in nov dec; do
    if [[ $m == nov ]]; then start=2026-11-10T00:00:00Z h=$hours; else start=2026-12-01T00:00:00Z h=25; fi
    note_raw "$bin/gen_usage --tenant anthropic --class mix --pod-gpus 100 --meters $pods --energy-meters 4 --hours $h --start $start --downtime-every 97 --seed 1 > $work/$m.csv"
    "$bin/gen_usage" --tenant anthropic --class mix --pod-gpus 100 --meters "$pods" \
        --energy-meters 4 --hours "$h" --start "$start" --downtime-every 97 --seed 1 \
        >"$work/$m.csv"
    head -n 1 "$work/$m.csv" >"$work/$m.header"
    tail -n +2 "$work/$m.csv" >"$work/$m.body"
    split -n l/10 -d "$work/$m.body" "$work/$m.part."
    rm -f "$work/$m.csv" "$work/$m.body"
done
note_raw "for i in 0..9: ingest the i-th tenth of nov.csv, then of dec.csv (each with the header)"
for i in 0 1 2 3 4 5 6 7 8 9; do
    for m in nov dec; do
        cat "$work/$m.header" "$work/$m.part.0$i" | "$LL" ingest -q -
        rm -f "$work/$m.part.0$i"
    done
done
rm -f "$work"/*.header
run "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z >/dev/null
run "$LL" seal >/dev/null
records=$(sqlq -c "SELECT count(*) FROM ledger.usage")
log_size=$(sqlq -c "SELECT size FROM ledger.log_head")

bundle="$work/C1-2026-000001.bundle.json"
echo "== (a) leaseledger audit bundle, best of 2"
build_s=""
for i in 1 2; do
    run psql -X -q -c CHECKPOINT
    c0=$(cpu_snap)
    t0=$(now_ns)
    run /usr/bin/time -v -o "$work/time-bundle.$i.txt" "$LL" audit bundle \
        --invoice C1-2026-000001 --out "$bundle" >"$work/bundle.out"
    t1=$(now_ns)
    c1=$(cpu_snap)
    s=$(secs "$t0" "$t1")
    echo "run $i: $s s (CPUs busy $(cpu_busy "$c0" "$c1")%)"
    if [[ -z "$build_s" ]] || awk -v a="$s" -v b="$build_s" 'BEGIN { exit !(a < b) }'; then
        build_s=$s build_rss=$(rss_of "$work/time-bundle.$i.txt") build_busy=$(cpu_busy "$c0" "$c1")
        build_cpu=$(cpu_of "$work/time-bundle.$i.txt")
    fi
done
cat "$work/bundle.out"

# The floor of (a): reading the rows the bundle is made of, the columns its query reads
# (the tenant's usage of November, in seq order, with the site's name; since issue 13
# the bundle reads the times as they are stored, in binary, and so does this, as text),
# streamed to /dev/null; a few more rows than the bundle holds (it leaves out records
# outside the contract's term), so the ratio is if anything flattering to the floor.
# Best of 2.
echo "== (a') the floor: the same usage rows, \\copy (SELECT ...) TO /dev/null, best of 2"
floor_sql="\\copy (SELECT u.seq, s.site, u.meter, u.event_id, u.corrects, u.kind, u.class,
    u.start_at, u.end_at, u.qty_micros
    FROM ledger.usage u JOIN ledger.site s USING (site_id)
    WHERE u.tenant_id = (SELECT tenant_id FROM ledger.tenant WHERE tenant = 'anthropic')
    AND u.start_at < '2026-12-01T00:00:00Z' ORDER BY u.seq) TO '/dev/null'"
note_cmd psql -X -q -c "$floor_sql"
read_s=""
for i in 1 2; do
    t0=$(now_ns)
    psql -X -q -v ON_ERROR_STOP=1 -c "$floor_sql" || die "the floor failed"
    s=$(secs "$t0" "$(now_ns)")
    echo "run $i: $s s"
    if [[ -z "$read_s" ]] || awk -v a="$s" -v b="$read_s" 'BEGIN { exit !(a < b) }'; then
        read_s=$s
    fi
done
bytes=$(stat -c %s "$bundle")
entries=$(sed -n 's/.*, \([0-9]*\) entries (.*/\1/p' "$work/bundle.out")
usage_entries=$(sed -n 's/.*entries (\([0-9]*\) usage records).*/\1/p' "$work/bundle.out")
nodes=$(sed -n 's/.*, \([0-9]*\) proof hashes.*/\1/p' "$work/bundle.out")
canon=$(jq -j .entries "$bundle" | wc -c)
canon=$((canon - entries)) # the line feeds are not part of the entries' bytes

echo "== (b) leaseledger-verify, best of 2"
verify_s=""
others_start=$(others)
for i in 1 2; do
    c0=$(cpu_snap)
    t0=$(now_ns)
    st=0
    run /usr/bin/time -v -o "$work/time-verify.$i.txt" "$LV" -q "$bundle" \
        --vkey "$(cat "$work/verifier.key")" >"$work/verify.out" 2>&1 || st=$?
    t1=$(now_ns)
    c1=$(cpu_snap)
    ((st == 0)) || {
        cat "$work/verify.out" >&2
        die "leaseledger-verify exited $st"
    }
    s=$(secs "$t0" "$t1")
    echo "run $i: $s s (CPUs busy $(cpu_busy "$c0" "$c1")%)"
    if [[ -z "$verify_s" ]] || awk -v a="$s" -v b="$verify_s" 'BEGIN { exit !(a < b) }'; then
        verify_s=$s verify_rss=$(rss_of "$work/time-verify.$i.txt") verify_busy=$(cpu_busy "$c0" "$c1")
        verify_cpu=$(cpu_of "$work/time-verify.$i.txt")
    fi
done
cat "$work/verify.out"

# The floor of (b): reading the bundle's bytes once and hashing them (openssl sha256),
# best of 2.
echo "== (b') the floor: openssl sha256 of the bundle, best of 2"
note_cmd openssl sha256 "$bundle"
sha_s=""
for i in 1 2; do
    t0=$(now_ns)
    openssl sha256 "$bundle" >/dev/null || die "openssl sha256 failed"
    s=$(secs "$t0" "$(now_ns)")
    echo "run $i: $s s"
    if [[ -z "$sha_s" ]] || awk -v a="$s" -v b="$sha_s" 'BEGIN { exit !(a < b) }'; then
        sha_s=$s
    fi
done

per_entry=$(awk -v b="$bytes" -v e="$entries" 'BEGIN { printf "%.1f", b / e }')
canon_per_entry=$(awk -v b="$canon" -v e="$entries" 'BEGIN { printf "%.1f", b / e }')
overhead=$(awk -v b="$bytes" -v c="$canon" 'BEGIN { printf "%.1f", 100 * (b - c) / c }')
naive=$(awk -v e="$entries" -v s="$log_size" 'BEGIN { d = 0; for (x = s - 1; x > 0; x = int(x / 2)) d++;
    printf "%.0f", e * d * 47 }') # 44 base64 characters, quotes and a comma per hash
# what verify must hash: every leaf (mean canonical bytes + 1), an interior node per
# covered leaf at most (65 bytes), one Ed25519 signature
hash_s=$(awk -v e="$entries" -v nn="$nodes" -v a="$ossl256" -v b="$ossl64" -v ed="$ed_verify" \
    'BEGIN { printf "%.3f", e / a + (e + nn) / b + 1 / ed }')
share=$(awk -v h="$hash_s" -v v="$verify_s" 'BEGIN { printf "%.1f", 100 * h / v }')

cat >"$work/bundle.results" <<EOF
records_requested=$n
usage_records_in_log=$records
log_size=$log_size
bundle_entries=$entries
bundle_usage_entries=$usage_entries
bundle_bytes=$bytes
bundle_bytes_per_entry=$per_entry
canonical_bytes_per_entry=$canon_per_entry
bundle_overhead_pct=$overhead
proof_hashes=$nodes
per_entry_proofs_bytes_estimate=$naive
build_s=$build_s
build_entries_per_s=$(per_s "$entries" "$build_s")
build_peak_rss_kib=$build_rss
build_client_cpu_s=$build_cpu
build_floor_read_s=$read_s
build_ratio_to_floor=$(awk -v a="$build_s" -v b="$read_s" 'BEGIN { printf "%.2f", a / b }')
verify_floor_sha256_s=$sha_s
verify_ratio_to_floor=$(awk -v a="$verify_s" -v b="$sha_s" 'BEGIN { printf "%.2f", a / b }')
verify_s=$verify_s
verify_entries_per_s=$(per_s "$entries" "$verify_s")
verify_peak_rss_kib=$verify_rss
verify_cpu_s=$verify_cpu
openssl_sha256_64B_per_s=$ossl64
openssl_sha256_256B_per_s=$ossl256
openssl_ed25519_verify_per_s=$ed_verify
hash_only_s_at_openssl_speed=$hash_s
hash_share_of_verify_pct=$share
cpu_busy_build_pct=$build_busy
cpu_busy_verify_pct=$verify_busy
other_processes_at_verify="$others_start"
EOF

cat <<EOF

== results: one invoice, $usage_entries usage records ($entries entries) of a log of $log_size
bundle                 $bytes bytes = $per_entry bytes/entry (the entries' canonical bytes: $canon_per_entry; overhead $overhead%)
proof                  $nodes shared hashes (per-entry RFC 9162 proofs would add ~$naive bytes)
build (audit bundle)   $build_s s   $(per_s "$entries" "$build_s") entries/s   peak RSS $(mib "$build_rss") MiB   CPUs busy $build_busy%   client CPU ${build_cpu} s
verify                 $verify_s s   $(per_s "$entries" "$verify_s") entries/s   peak RSS $(mib "$verify_rss") MiB   CPUs busy $verify_busy%   CPU ${verify_cpu} s
build / its floor      $build_s s / $read_s s (the same rows, \\copy ... TO /dev/null) = $(awk -v a="$build_s" -v b="$read_s" 'BEGIN { printf "%.2f", a / b }')
verify / its floor     $verify_s s / $sha_s s (openssl sha256 of the bundle) = $(awk -v a="$verify_s" -v b="$sha_s" 'BEGIN { printf "%.2f", a / b }')
openssl speed          sha256 $ossl64/s (64-byte blocks), $ossl256/s (256-byte blocks); ed25519 $ed_verify verify/s
hashing alone          $hash_s s at openssl speed (leaves + interior nodes + 1 signature) = $share% of verify's time
other processes >= 5% CPU when verify began: $others_start
figures also in $work/bundle.results

commands run:
EOF
printf '  %s\n' "${cmds[@]}"
if ((stop)); then
    scripts/pg stop "$pgdir"
else
    echo "server left running; stop it with: scripts/pg stop $pgdir"
fi
