#!/usr/bin/env bash
# e2e.redteam_spool: issue 14, finding F2 ("nightly follows symbolic links in the spool"),
# replayed as a producer would: someone who may write the spool, as the spool protocol
# intends, and nothing else. Before the fix each of these made the batch user (who holds
# the signing key) replace a file of another directory (failed/ linked elsewhere),
# truncate and overwrite any file (rejected/NAME.rejects linked to it), or copy the first
# line of a secret file into failed/NAME.error (an entry linked to the secret).
#
# 1. Setups that would let the producer decide where the batch writes (done/, failed/ or
#    rejected/ a symbolic link, a file, writable by others or owned by someone else; the
#    spool itself a link): the run is refused before any work, exit 78, and names why;
#    nothing is ingested, nothing moved, no victim touched.
# 2. Hostile entries beside a good file (a link to a secret, a fifo, a hard link, a
#    directory, a name with terminal escapes; side-file names planted as links to a
#    victim; a file of the same name already in done/): each is set aside in failed/ unread
#    with its reason, exit 1; nothing is overwritten (".N" suffixes instead); the good file
#    is ingested; no secret byte in any file the batch wrote nor on stdout/stderr; the
#    victims and secrets unchanged.
# 3. A file written to while it is read (the gap between hashing and ingesting): left in
#    the spool, not recorded, read again whole by the next run.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
AS_OF=2026-11-11T00:00:00Z # no period has closed: the runs only ingest and seal
MARK=SECRET-4f1c9b2e      # in every secret; must appear nowhere the batch writes

fresh_db redteam_spool
make_key
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"

# The batch user's secrets: a parse error quotes a bad header, so the first line is what
# a leak would show.
printf '%s,api-token,do-not-print\n' "$MARK" >"$TMP/secret.txt"
printf '%s,second,secret\n' "$MARK" >"$TMP/secret2.txt"
chmod 600 "$TMP/secret.txt" "$TMP/secret2.txt"
# A victim directory with files the attacks would replace or truncate.
mkdir "$TMP/victim"
echo "victim file: must not change" >"$TMP/victim/file.txt"
echo "victim's own b-bad.csv: must not be replaced" >"$TMP/victim/b-bad.csv"
snapshot()
{
    (cd "$TMP" && find victim secret.txt secret2.txt -printf '%p %y %s %m %T@\n' | sort &&
        cat victim/* secret.txt secret2.txt | md5sum)
}
snapshot >"$TMP/victims.before"
victims_intact()
{
    snapshot >"$TMP/victims.after"
    diff -u "$TMP/victims.before" "$TMP/victims.after" >&2 || fail "$1: a victim or secret changed"
}

# good NAME: a usage file with two good records and one bad (event ids unique to NAME).
good()
{
    local h=2026-11-10T0
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
        echo "anthropic,colossus-1,pod-0001,gpu,H100,${h}0:00:00Z,${h}1:00:00Z,1000,gpu_hour,$1/1"
        echo "anthropic,colossus-1,pod-0001,gpu,H100,${h}1:00:00Z,${h}2:00:00Z,1000,gpu_hour,$1/2"
        echo "anthropic,colossus-1,pod-0001,gpu,H100,${h}2:00:00Z,${h}3:00:00Z,NaN,gpu_hour,$1/3"
    } >"$2"
}
usage_rows()
{
    sql -c "SELECT count(*) FROM ledger.usage"
}
# No file the batch wrote (side files, everything under done/ it moved there is the
# producer's own), nor its output, holds a secret byte.
no_secret()
{
    local f
    for f in "$OUT" "$ERR" $(find "$1" -type f \( -name '*.error' -o -name '*.rejects' \
        -o -name '*.reasons' \)); do
        expect_not_contains "$f" "$MARK"
    done
}
nightly()
{
    expect_exit "$1" "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
}

# =========================================================================================
# 1. Unsafe setups: the whole run is refused, exit 78, before anything is read or moved.
# =========================================================================================
# refused CASE MESSAGE: the run over $SPOOL (a good file and a bad one in it) is refused
# with MESSAGE; both files are still in the spool; nothing ingested; victims intact.
refused()
{
    local before
    before=$(usage_rows)
    nightly 78
    expect_contains "$ERR" "$2"
    expect_contains "$ERR" "the nightly run did nothing"
    expect_not_contains "$OUT" "ingested"
    [[ -f "$SPOOL/a-good.csv" && -f "$SPOOL/b-bad.csv" ]] || fail "$1: a spool file was moved"
    [[ $(usage_rows) == "$before" ]] || fail "$1: records were ingested"
    no_secret "$SPOOL"
    victims_intact "$1"
    echo "refused: $1"
}
# new_spool NAME: a spool holding a good file and one with a bad header.
new_spool()
{
    SPOOL=$TMP/$1
    mkdir "$SPOOL"
    good "$1" "$SPOOL/a-good.csv"
    echo "klass,tenant" >"$SPOOL/b-bad.csv" # a bad header: would go to failed/
}

new_spool failed-link
ln -s "$TMP/victim" "$SPOOL/failed" # rename() would have replaced victim/b-bad.csv
refused "failed/ a link" 'refusing the spool "'"$SPOOL"'": "failed" in it is a symbolic link, not a directory'
new_spool rejected-link
ln -s "$TMP/victim" "$SPOOL/rejected"
refused "rejected/ a link" '"rejected" in it is a symbolic link, not a directory'
new_spool done-link
ln -s "$TMP/victim" "$SPOOL/done"
refused "done/ a link" '"done" in it is a symbolic link, not a directory'
new_spool dangling-link
ln -s "$TMP/victim/new-dir" "$SPOOL/failed" # mkdir() accepted an existing link
refused "failed/ a dangling link" '"failed" in it is a symbolic link, not a directory'
[[ ! -e "$TMP/victim/new-dir" ]] || fail "a directory was created through a dangling link"
new_spool failed-file
echo "not a directory" >"$SPOOL/failed"
refused "failed a file" '"failed" in it is a regular file, not a directory'
new_spool rejected-other-writable
mkdir -m 0777 "$SPOOL/rejected"
chmod 0777 "$SPOOL/rejected" # past the umask
refused "rejected/ writable by others" '"rejected" in it is writable by others'
new_spool done-group-writable
mkdir "$SPOOL/done"
chmod 0770 "$SPOOL/done"
refused "done/ writable by its group" '"done" in it is writable by its group'
if [[ $(id -u) == 0 ]]; then # only root can give a directory away
    new_spool failed-foreign
    mkdir "$SPOOL/failed"
    chown 65534 "$SPOOL/failed"
    refused "failed/ owned by another user" '"failed" in it is owned by uid 65534, not by the user running nightly (uid 0)'
fi
new_spool real
ln -s "$TMP/real" "$TMP/spool-link"
SPOOL=$TMP/spool-link
nightly 78
expect_contains "$ERR" "refusing the spool \"$SPOOL\": it is a symbolic link"
[[ ! -e "$TMP/real/done" ]] || fail "a run through a linked spool created done/"

# =========================================================================================
# 2. Hostile entries beside a good file: each set aside unread, nothing overwritten, the
#    good file ingested.
# =========================================================================================
SPOOL=$TMP/spool
mkdir "$SPOOL" "$SPOOL/done" "$SPOOL/failed" "$SPOOL/rejected"
chmod 0750 "$SPOOL/done" "$SPOOL/failed" "$SPOOL/rejected"
ln -s "$TMP/secret.txt" "$SPOOL/a-secret.csv"  # its first line would have gone to .error
mkfifo "$SPOOL/b-fifo.csv"                      # opening it would block the batch
ln "$TMP/secret2.txt" "$SPOOL/c-hard.csv"       # a second name for a file elsewhere
mkdir "$SPOOL/d-dir"                            # not a file at all
ln -s "$TMP/secret.txt" "$SPOOL/"$'f-\e]0;owned\a\e[2J.csv' # a name that drives terminals
good e-good "$SPOOL/e-good.csv"
# Side-file names planted as links to the victim (as a producer with write access to these
# directories, or an earlier setup, could have left them), and a file of the same name
# already in done/.
ln -s "$TMP/victim/file.txt" "$SPOOL/failed/a-secret.csv.error"
ln -s "$TMP/victim/file.txt" "$SPOOL/rejected/e-good.csv.rejects"
ln -s "$TMP/victim/file.txt" "$SPOOL/rejected/e-good.csv.reasons"
echo "an earlier e-good.csv, already taken" >"$SPOOL/done/e-good.csv"
before=$(usage_rows)
nightly 80
expect_contains "$OUT" "ingested e-good.csv: 2 accepted, 0 duplicates, 1 rejected"
expect_contains "$OUT" "nightly: files 1 taken, 5 failed, 0 already taken; records 2 accepted"
[[ $(usage_rows) == $((before + 2)) ]] || fail "the good file's records were not ingested"
expect_contains "$ERR" 'spool file "a-secret.csv" set aside in failed/: not a regular file but a symbolic link: not read'
expect_contains "$ERR" 'spool file "b-fifo.csv" set aside in failed/: not a regular file but a fifo: not read'
expect_contains "$ERR" 'spool file "c-hard.csv" set aside in failed/: a regular file with 2 names (a hard link): not read'
expect_contains "$ERR" 'spool file "d-dir" set aside in failed/: not a regular file but a directory: not read'
expect_contains "$ERR" 'spool file "f-?]0;owned??[2J.csv" set aside in failed/: not a regular file but a symbolic link'
if grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$OUT" "$ERR"; then
    fail "a control byte from a spool file name reached the terminal"
fi
# moved, never followed: the links are links still, now in failed/; a-secret.csv under
# the next free name, since its .error name was taken (by the planted link, left alone)
[[ -L "$SPOOL/failed/a-secret.csv.1" && -p "$SPOOL/failed/b-fifo.csv" &&
    -f "$SPOOL/failed/c-hard.csv" && -d "$SPOOL/failed/d-dir" ]] ||
    fail "the hostile entries are not in failed/ as they were: $(ls -l "$SPOOL/failed")"
[[ -L "$SPOOL/failed/a-secret.csv.error" ]] || fail "the planted failed/a-secret.csv.error was replaced"
expect_contains "$SPOOL/failed/a-secret.csv.1.error" "not a regular file but a symbolic link"
expect_contains "$SPOOL/failed/b-fifo.csv.error" "not a regular file but a fifo"
# the rejects go to new names; the planted links and their target untouched
[[ -L "$SPOOL/rejected/e-good.csv.rejects" && -L "$SPOOL/rejected/e-good.csv.reasons" ]] ||
    fail "a planted rejects link was replaced"
expect_contains "$SPOOL/rejected/e-good.csv.1.rejects" "NaN,gpu_hour,e-good/3"
expect_contains "$SPOOL/rejected/e-good.csv.1.reasons" "line 4:"
# done/ keeps the earlier file; the new one takes the next name
expect_contains "$SPOOL/done/e-good.csv" "an earlier e-good.csv, already taken"
good e-good "$TMP/e-good.csv"
cmp -s "$SPOOL/done/e-good.csv.1" "$TMP/e-good.csv" || fail "done/e-good.csv.1 is not the good file"
# side files are readable by the batch user and its group only
for f in "$SPOOL/failed/a-secret.csv.1.error" "$SPOOL/rejected/e-good.csv.1.rejects"; do
    [[ $(stat -c %a "$f") == 640 ]] || fail "$f has mode $(stat -c %a "$f"), not 640"
done
[[ -z $(find "$SPOOL" -mindepth 1 -maxdepth 1 ! -name 'done' ! -name failed ! -name rejected) ]] ||
    fail "entries left in the spool: $(ls "$SPOOL")"
no_secret "$SPOOL"
victims_intact "hostile entries"

# The same good file dropped in again under its name: recognized by content, moved to
# done/ under the next free name, nothing replaced.
good e-good "$SPOOL/e-good.csv"
nightly 0
expect_contains "$OUT" "skipped e-good.csv: already ingested"
expect_contains "$SPOOL/done/e-good.csv" "an earlier e-good.csv, already taken"
cmp -s "$SPOOL/done/e-good.csv.2" "$TMP/e-good.csv" || fail "done/e-good.csv.2 is not the good file"
no_secret "$SPOOL"
victims_intact "the run after"

# =========================================================================================
# 3. The gap between hashing and ingesting: a file is hashed and ingested from one
#    descriptor, so swapping the name between the two reads nothing else; a producer
#    that writes to its file while it is read (against the protocol) has it left in the
#    spool, not recorded as taken, and read again, whole, by the next run.
# =========================================================================================
[[ -x "$LDG_BIN/gen_usage" ]] || fail "no $LDG_BIN/gen_usage: build first"
"$LDG_BIN/gen_usage" --tenant anthropic --site colossus-1 --class H100 --meters 100 \
    --pod-gpus 8 --energy-meters 0 --hours 600 --start 2026-11-10T00:00:00Z --seed 5 \
    >"$SPOOL/g-growing.csv"
GROWING=$(($(wc -l <"$SPOOL/g-growing.csv") - 1))
exec 9>>"$SPOOL/g-growing.csv" # the producer's descriptor: follows the file wherever it goes
before=$(usage_rows)
"$LL" nightly --spool "$SPOOL" --as-of "$AS_OF" >"$OUT" 2>"$ERR" &
pid=$!
deadline=$((SECONDS + 120))
while kill -0 "$pid" 2>/dev/null && (($(usage_rows) == before)); do
    ((SECONDS < deadline)) || { kill -9 "$pid"; fail "the run ingested nothing in 120 s"; }
    sleep 0.01
done
echo "anthropic,colossus-1,pod-late,gpu,H100,2026-11-10T00:00:00Z,2026-11-10T01:00:00Z,8,gpu_hour,late/1" >&9
exec 9>&-
rc=0
wait "$pid" || rc=$?
((rc == 80)) || { cat "$OUT" "$ERR" >&2; fail "a file changed while read: exit $rc, expected 80"; }
expect_contains "$ERR" 'spool file "g-growing.csv" left in the spool: it changed while it was read'
expect_contains "$OUT" "files 0 taken, 0 failed, 0 already taken, 1 left for the next run"
[[ -f "$SPOOL/g-growing.csv" ]] || fail "the changed file was moved"
nightly 0
# the first run may or may not have read the appended line: together, every record once
got=$(sed -n 's/^ingested g-growing.csv: \([0-9]*\) accepted, \([0-9]*\) duplicates, 0 rejected$/\1+\2/p' "$OUT")
[[ -n "$got" && $((got)) == $((GROWING + 1)) ]] ||
    fail "the next run did not read the changed file whole: $(cat "$OUT")"
[[ $(usage_rows) == $((before + GROWING + 1)) ]] || fail "the changed file's records are not all in"
no_secret "$SPOOL"
victims_intact "a file changed while read"

echo "PASS: $TEST_NAME"
