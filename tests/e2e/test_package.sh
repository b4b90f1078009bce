#!/usr/bin/env bash
# e2e.package: the Debian package (issue 15 "Install"). Builds it with CPack (or takes
# $LDG_DEB, which scripts/test makes from its Release build), then: lintian reports no
# error; it installs with dpkg (as root: CI) and makes the system user and the spool;
# the installed leaseledger migrates a fresh database from a folder with no source tree
# around (the migrations are in the binary) and carries no path of the build machine;
# the man pages cover every subcommand; systemd-analyze verify accepts the units; bash
# completion completes commands and options.
source "$(dirname "$0")/lib.sh"

version=$(sed -nE 's/^project\(leaseledger VERSION ([0-9.]+).*/\1/p' "$LDG_SRC/CMakeLists.txt")

# --- build the package ---------------------------------------------------------------------
deb=${LDG_DEB:-}
if [[ -z "$deb" ]]; then
    cmake -S "$LDG_SRC" -B "$TMP/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$TMP/build" -j"$(nproc)" >/dev/null
    (cd "$TMP/build" && cpack -G DEB >/dev/null)
    deb=$(ls "$TMP"/build/leaseledger_*.deb)
fi
[[ -f "$deb" ]] || fail "no package at $deb"
[[ "$(dpkg-deb -f "$deb" Version)" == "$version" ]] ||
    fail "package version $(dpkg-deb -f "$deb" Version), CMakeLists.txt says $version"
[[ "$(sed -nE '1s/^leaseledger \(([^)]+)\).*/\1/p' "$LDG_SRC/packaging/debian/changelog")" == "$version" ]] ||
    fail "packaging/debian/changelog's first entry is not version $version"

# --- lintian: no error ------------------------------------------------------------------------
command -v lintian >/dev/null || fail "lintian is missing (scripts/install-deps installs it)"
lintian --fail-on error --allow-root "$deb" >"$TMP/lintian.txt" 2>&1 ||
    fail "lintian reports errors: $(grep '^E:' "$TMP/lintian.txt")"

# --- install ---------------------------------------------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
    at_exit "dpkg -r leaseledger >/dev/null 2>&1"
    dpkg -i "$deb" >"$TMP/dpkg.txt" 2>&1 || fail "dpkg -i failed: $(cat "$TMP/dpkg.txt")"
    prefix=""
    getent passwd leaseledger >/dev/null || fail "postinst made no system user leaseledger"
    for d in /var/lib/leaseledger/spool /var/lib/leaseledger/spool/done; do
        [[ "$(stat -c '%U %a' "$d")" == "leaseledger 750" ]] ||
            fail "$d is $(stat -c '%U %a' "$d"), expected leaseledger 750"
    done
else
    # not root (a developer's run): the same files, unpacked
    dpkg-deb -x "$deb" "$TMP/root"
    prefix=$TMP/root
fi
BIN=$prefix/usr/bin/leaseledger
[[ -x "$BIN" && -x "$prefix/usr/bin/leaseledger-verify" ]] || fail "the binaries are not installed"
expect_exit 0 "$BIN" --version
[[ "$(cat "$OUT")" == "leaseledger $version" ]] || fail "installed --version: $(cat "$OUT")"

# no path of the build machine in the binaries (migrations embedded, __FILE__ mapped)
for b in leaseledger leaseledger-verify; do
    if strings "$prefix/usr/bin/$b" | grep -F -e "$LDG_SRC" -e "$LDG_BIN" >"$TMP/paths.txt"; then
        fail "$b holds build paths: $(head -n 3 "$TMP/paths.txt")"
    fi
done

# --- migrate with no source tree ---------------------------------------------------------------
nfiles=$(find "$LDG_SRC/migrations" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
fresh_db package template0
mkdir "$TMP/elsewhere"
(cd "$TMP/elsewhere" && env -u LEASELEDGER_MIGRATIONS "$BIN" migrate) >"$TMP/migrate.txt" 2>&1 ||
    fail "installed migrate failed: $(cat "$TMP/migrate.txt")"
grep -q "applied $nfiles migrations" "$TMP/migrate.txt" ||
    fail "installed migrate: $(cat "$TMP/migrate.txt"), expected $nfiles migrations"
expect_exit 0 "$LL" migrate --check # the tree's files are the ones the package applied

# --- man pages -------------------------------------------------------------------------------
man1=$prefix/usr/share/man/man1
for page in leaseledger leaseledger-verify; do
    [[ -f "$man1/$page.1.gz" ]] || fail "no man page $page.1.gz"
    MANWIDTH=100 man --warnings -l "$man1/$page.1.gz" >"$TMP/$page.man" 2>"$TMP/$page.warn" ||
        fail "man $page failed"
    [[ ! -s "$TMP/$page.warn" ]] || fail "man $page warns: $(head -n 3 "$TMP/$page.warn")"
    grep -q "EXIT STATUS" "$TMP/$page.man" || fail "man $page has no EXIT STATUS"
done
while read -r cmd; do
    grep -q "leaseledger $cmd" "$TMP/leaseledger.man" || fail "man leaseledger lacks \"$cmd\""
done < <("$LL" --help | sed -n '/^Commands:/,/^$/p' | sed -nE 's/^  ([a-z]+) .*/\1/p')
for section in ENVIRONMENT FILES "invoice list" "report aging" "audit records"; do
    grep -q "$section" "$TMP/leaseledger.man" || fail "man leaseledger lacks \"$section\""
done

# --- systemd units ---------------------------------------------------------------------------
units=$prefix/usr/lib/systemd/system
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (package systemd)"
if [[ -z "$prefix" ]]; then
    systemd-analyze verify "$units/leaseledger-nightly.service" \
        "$units/leaseledger-nightly.timer" >"$TMP/units.txt" 2>&1 || true
    if grep "leaseledger-nightly" "$TMP/units.txt" >"$TMP/units-ours.txt"; then
        fail "systemd-analyze verify: $(cat "$TMP/units-ours.txt")"
    fi
fi
for want in "ProtectSystem=strict" "PrivateTmp=yes" "NoNewPrivileges=yes" \
    "ReadWritePaths=/var/lib/leaseledger" "Environment=LEASELEDGER_KEY=/etc/leaseledger/signing.key"; do
    grep -q "^$want" "$units/leaseledger-nightly.service" || fail "the service lacks $want"
done
grep -q "^OnCalendar=\*-\*-\* 02:00:00 UTC" "$units/leaseledger-nightly.timer" ||
    fail "the timer is not at 02:00 UTC"
grep -q "^Persistent=true" "$units/leaseledger-nightly.timer" || fail "the timer is not persistent"
systemd-analyze calendar "*-*-* 02:00:00 UTC" >/dev/null || fail "bad OnCalendar"

# --- bash completion -------------------------------------------------------------------------
completion=$prefix/usr/share/bash-completion/completions/leaseledger
[[ -f "$completion" && -f "$prefix/usr/share/bash-completion/completions/leaseledger-verify" ]] ||
    fail "no bash completion"
got=$(PATH="$prefix/usr/bin:$PATH" bash -c '
    source "$1"
    COMP_WORDS=(leaseledger inv); COMP_CWORD=1; _leaseledger; echo "${COMPREPLY[*]}"
    COMP_WORDS=(leaseledger nightly --sp); COMP_CWORD=2; _leaseledger; echo "${COMPREPLY[*]}"
    COMP_WORDS=(leaseledger report a); COMP_CWORD=2; _leaseledger; echo "${COMPREPLY[*]}"' \
    _ "$completion")
[[ "$got" == $'invoice\n--spool\naging' ]] || fail "bash completion gave: $got"

echo "ok: $TEST_NAME ($(basename "$deb"))"
