#!/usr/bin/env bash
# Publish and monitor benchmark (issue 11): `leaseledger publish` of the logs
# bench/ingest_bench.sh N left in bench_nN, a second publish with nothing new, and
# `leaseledger-verify monitor` of the biggest tenant's directory from zero, against three
# floors over the very bytes published: `cp -r` of the directory; `cp -r` then `sync -f`
# (publish makes its files durable with one syncfs before the checkpoint, and a bare
# `cp -r` of gigabytes is only as fast as the kernel takes dirty pages: it varies with
# whatever writeback is pending); and `openssl sha256` over every file (what any checker
# must at least read and hash). Each floor starts after a `sync`.
#
# Usage: bench/publish_bench.sh [--build DIR] [--pg DIR] N
#
#   N            the N of an earlier bench/ingest_bench.sh run (database bench_nN)
#   --build DIR  where leaseledger and leaseledger-verify are (default: build-bench)
#   --pg DIR     the benchmark's private PostgreSQL (default: var/bench-pg)
#
# Every command is printed as it runs (`+ ...`); the figures (seconds, peak RSS from
# /usr/bin/time -v, bytes) go to stdout and to var/bench/nN/publish.results (key=value).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/publish_bench.sh
die() { echo "$prog: $*" >&2; exit 1; }
n="" build=build-bench pgdir=var/bench-pg
while (($#)); do
    case $1 in
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    -*) echo "$prog: unknown option \"$1\"" >&2; exit 64 ;;
    *) n=$1 ;;
    esac
    shift
done
[[ "$n" =~ ^[1-9][0-9]{0,11}$ ]] || { echo "$prog: N must be a positive integer" >&2; exit 64; }
[[ "$build" == /* ]] || build=$root/$build
LL=$build/leaseledger LV=$build/leaseledger-verify
[[ -x "$LL" && -x "$LV" ]] || die "no $LL or $LV: build first"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
work=var/bench/n$n
[[ -s "$work/verifier.key" ]] || die "no $work/verifier.key: run bench/ingest_bench.sh $n first"
scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"
export PGDATABASE=bench_n$n

out=$work/log
results=$work/publish.results
: >"$results"
# timed NAME CMD...: runs CMD under /usr/bin/time -v; NAME_s and NAME_rss_kb to results
timed()
{
    local name=$1
    shift
    echo "+ $*" >&2
    /usr/bin/time -v -o "$work/time-$name.txt" "$@" >"$work/$name.out"
    awk -v n="$name" -F': ' '/Elapsed \(wall clock\)/ { split($2, t, ":"); s = 0
            for (i = 1; i in t; i++) s = s * 60 + t[i]; printf "%s_s=%.2f\n", n, s }
        /Maximum resident set size/ { printf "%s_rss_kb=%s\n", n, $2 }' \
        "$work/time-$name.txt" | tee -a "$results"
}

rm -rf "$out" "$work/log-copy" "$work/monitor.state"
sync
timed publish "$LL" publish --out "$out"
timed publish_again "$LL" publish --out "$out"
tenant=$(cd "$out" && du -s -- * | sort -n | tail -n 1 | cut -f 2)
size=$(sed -n 2p "$out/$tenant/checkpoint")
bytes=$(du -sb "$out/$tenant" | cut -f 1)
files=$(find "$out/$tenant" -type f | wc -l)
printf 'tenant=%s\nentries=%s\nbytes=%s\nfiles=%s\n' "$tenant" "$size" "$bytes" "$files" |
    tee -a "$results"
sync
timed monitor "$LV" monitor "$out/$tenant" --vkey "$(cat "$work/verifier.key")" \
    --state "$work/monitor.state" --quiet
sync
timed cp_r cp -r "$out/$tenant" "$work/log-copy"
rm -rf "$work/log-copy"
sync
timed cp_r_sync sh -c "cp -r '$out/$tenant' '$work/log-copy' && sync -f '$work/log-copy'"
sync
timed sha256 sh -c "find '$out/$tenant' -type f -print0 | sort -z | xargs -0 cat | openssl sha256"
rm -rf "$work/log-copy"
echo "results: $results"
