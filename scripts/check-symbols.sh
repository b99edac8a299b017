#!/bin/sh
# What the libraries export.
#   scripts/check-symbols.sh HEADER ARCHIVE SHARED
# HEADER is tasnif.h, ARCHIVE the libtasnif.a that is installed, SHARED the
# libtasnif.so.X.Y.Z.  The public functions are those tasnif.h marks
# TASNIF_API.  Checks, one line each ("ok: ..." or "FAILED: ..."):
#   - every global ARCHIVE defines starts with tasnif_ (internal ones were
#     renamed tasnif__*), and every public function is defined there;
#   - no object of ARCHIVE still refers to an internal name by its old
#     (unprefixed) name: the renaming reached every reference;
#   - SHARED exports exactly the public functions, and its soname is
#     libtasnif.so.MAJOR.
# Exits 1 when a check fails.
set -u
LC_ALL=C
export LC_ALL
[ $# -eq 3 ] || { echo "usage: $0 HEADER ARCHIVE SHARED" >&2; exit 2; }
header=$1 archive=$2 shared=$3
status=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tasnif-symbols.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; status=1; }
# list NAME...: the file, one name a line, shortened to 10 names
list() { head -n 10 "$1" | tr '\n' ' '; [ "$(wc -l <"$1")" -le 10 ] || printf '...'; }

sed -n 's/^TASNIF_API[^(]*[ *]\(tasnif_[a-z0-9_]*\)(.*/\1/p' "$header" | sort -u >"$tmp/public"
[ -s "$tmp/public" ] || bad "no TASNIF_API function in $header"

nm -g --defined-only "$archive" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/defined"
grep -v '^tasnif_' "$tmp/defined" >"$tmp/foreign"
if [ -s "$tmp/foreign" ]; then
    bad "$(wc -l <"$tmp/foreign") globals of $archive not named tasnif_*: $(list "$tmp/foreign")"
else
    ok "all $(wc -l <"$tmp/defined") globals of $archive start with tasnif_ ($(grep -c '^tasnif__' "$tmp/defined") internal ones with tasnif__)"
fi
comm -23 "$tmp/public" "$tmp/defined" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
    bad "public functions not defined in $archive: $(list "$tmp/missing")"
else
    ok "the $(wc -l <"$tmp/public") public functions are defined in $archive"
fi
# An internal name left unrenamed at a call site would be an undefined
# symbol whose tasnif__ twin the archive defines.
nm -u "$archive" | awk 'NF == 2 { print "tasnif__" $2 }' | sort -u >"$tmp/undef"
comm -12 "$tmp/undef" "$tmp/defined" | sed 's/^tasnif__//' >"$tmp/stale"
if [ -s "$tmp/stale" ]; then
    bad "$archive still refers to internal names unrenamed: $(list "$tmp/stale")"
else
    ok "every reference inside $archive uses the renamed names"
fi

nm -D --defined-only "$shared" | awk 'NF == 3 { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"
if cmp -s "$tmp/exported" "$tmp/public"; then
    ok "$shared exports the $(wc -l <"$tmp/public") public functions and nothing else"
else
    comm -23 "$tmp/exported" "$tmp/public" >"$tmp/extra"
    comm -13 "$tmp/exported" "$tmp/public" >"$tmp/absent"
    [ -s "$tmp/extra" ] && bad "$shared exports what tasnif.h does not declare: $(list "$tmp/extra")"
    [ -s "$tmp/absent" ] && bad "$shared does not export: $(list "$tmp/absent")"
fi
soname=$(readelf -d "$shared" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
want=$(basename "$shared" | sed -n 's/^\(libtasnif\.so\.[0-9]*\)\..*/\1/p')
if [ -n "$want" ] && [ "$soname" = "$want" ]; then
    ok "soname $soname"
else
    bad "soname '$soname' of $shared, expected '$want'"
fi
exit $status
