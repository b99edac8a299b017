#!/bin/sh
# docs/tasnif.1 against the commands: each command has its section
# (.SS tasnif CMD), and every option `tasnif CMD --help` shows is an entry
# of that section (.TP tag with the long name, and the short letter beside
# it when there is one); every option the section lists exists; the page
# carries the version `tasnif --version` prints and the sections a manual
# needs; groff renders it without a warning (and man -l too, when man-db
# is there).
. "$(dirname "$0")/../setup"
MAN="$TOP/docs/tasnif.1"
COMMANDS="train predict eval features info index similar serve suggest audit quantize"

# the tags of the .TP entries of section "tasnif CMD", minus signs unescaped
tags() {
    awk -v want="$1" '
        /^\.S[HS] / { on = ($0 ~ ("^\\.SS " want "( |$)")); next }
        on && /^\.TP/ { tp = 1; next }
        on && tp { print; tp = 0 }' "$MAN" | sed 's/\\-/-/g'
}

for sec in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" FILES EXAMPLES; do
    grep -q "^\.SH \"*$sec\"*\$" "$MAN" && ok || bad "docs/tasnif.1 has no section $sec"
done
version=$("$TASNIF" --version | sed 's/^tasnif //')
grep -q "^\.TH TASNIF 1 .*\"tasnif $version\"" "$MAN" && ok ||
    bad "docs/tasnif.1: .TH does not say \"tasnif $version\" (tasnif --version)"

for cmd in $COMMANDS; do
    if ! grep -q "^\.SS tasnif $cmd\( \|\$\)" "$MAN"; then
        bad "docs/tasnif.1 has no section '.SS tasnif $cmd'"
        continue
    fi
    tags "tasnif $cmd" >"$T/tags"
    # the options of --help, as "LONG SHORT" (SHORT empty when none)
    "$TASNIF" "$cmd" --help | sed -n 's/^ *\(-\(.\), \)\{0,1\}--\([a-z0-9-]*\).*/\3 \2/p' >"$T/opts"
    [ -s "$T/opts" ] || bad "tasnif $cmd --help lists no option"
    missing=""
    while read -r long short; do
        case $long in help|version) continue ;; esac
        line=$(grep -E -- "(^|[ \"])--$long([ \",]|\$)" "$T/tags" | head -n 1)
        if [ -z "$line" ]; then
            missing="$missing --$long"
        elif [ -n "$short" ] && ! printf '%s\n' "$line" | grep -q -E -- "(^|[ \"])-$short([ \",]|\$)"; then
            missing="$missing -$short(--$long)"
        fi
    done <"$T/opts"
    [ -z "$missing" ] && ok || bad "docs/tasnif.1, section tasnif $cmd, lacks$missing"
    stale=""
    for long in $(grep -o -E -- "--[a-z0-9-]+" "$T/tags" | sed 's/^--//' | sort -u); do
        grep -q "^$long " "$T/opts" || stale="$stale --$long"
    done
    [ -z "$stale" ] && ok || bad "docs/tasnif.1, section tasnif $cmd, lists options tasnif $cmd has not:$stale"
done
# --help and --version, which every command takes
tags "Options of every command" >"$T/tags"
for o in "-?, --help" "--version"; do
    grep -q -F -- "${o#*, }" "$T/tags" && ok || bad "docs/tasnif.1 does not list $o among the common options"
done

if groff -man -Tutf8 -ww -z "$MAN" >"$T/groff.err" 2>&1 && [ ! -s "$T/groff.err" ]; then
    ok
else
    bad "groff -man -ww: $(head -n 5 "$T/groff.err")"
fi
if command -v man >/dev/null 2>&1; then
    if LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$MAN" >"$T/man.txt" 2>"$T/man.err" &&
        [ ! -s "$T/man.err" ] && grep -q "EXIT STATUS" "$T/man.txt"; then
        ok
    else
        bad "man -l docs/tasnif.1: $(head -n 5 "$T/man.err")"
    fi
else
    echo "skip: man not installed (man-db)"
    skipped=$((skipped + 1))
fi

finish
