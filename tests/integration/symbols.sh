#!/bin/sh
# The names the built libraries give a program that links them:
# scripts/check-symbols.sh on build/libtasnif.a and build/libtasnif.so.*
# (every global tasnif_*, the shared library exporting tasnif.h's functions
# only), the same check refusing the internal archive, and a program that
# defines every internal name itself (grow, err_set, vocab_add, ...) and
# still links libtasnif.a and classifies with it; neither library holds
# tasnif serve's HTTP server nor needs libmicrohttpd.
. "$(dirname "$0")/../setup"
default_build_only "the libraries' symbols"
B="$TOP/build"
CC=${CC:-cc}
so=$(ls "$B"/libtasnif.so.*.*.* 2>/dev/null | head -n 1)
if [ ! -f "$B/libtasnif.a" ] || [ -z "$so" ] || [ ! -f "$B/libtasnif-internal.a" ]; then
    bad "build/libtasnif.a, build/libtasnif-internal.a or build/libtasnif.so.* missing: run make"
    echo "$passed passed, $failed failed"
    exit 1
fi

if sh "$TOP/scripts/check-symbols.sh" "$TOP/include/tasnif.h" "$B/libtasnif.a" "$so" >"$T/check.out"; then
    ok
else
    bad "check-symbols.sh on the built libraries"
fi
cat "$T/check.out"
# the check itself must see the generic names of the internal archive
if sh "$TOP/scripts/check-symbols.sh" "$TOP/include/tasnif.h" "$B/libtasnif-internal.a" "$so" >"$T/neg.out"; then
    bad "check-symbols.sh passed the internal archive, whose names are not prefixed"
else
    grep -q "not named tasnif_" "$T/neg.out" && ok || bad "check-symbols.sh on the internal archive: $(cat "$T/neg.out")"
fi

# A host program owning every internal name.  Each aborts, so a library
# call bound to one of them instead of the library's own would show.
nm -g --defined-only "$B/libtasnif-internal.a" | awk 'NF == 3 && $3 !~ /^tasnif_/ { print $3 }' | sort -u >"$T/names"
n=$(wc -l <"$T/names")
awk '{ printf "void %s(void) { __builtin_trap(); }\n", $1 }' "$T/names" >"$T/collide.c"
LIBS="$(pkg-config --libs icu-uc icu-i18n openblas lapack zlib libzstd) -llinear -lsvm -lpthread -lm"
# shellcheck disable=SC2086
if $CC -I"$TOP/include" -o "$T/example" "$TOP/tests/install/example.c" "$T/collide.c" "$B/libtasnif.a" $LIBS \
    2>"$T/link.err"; then
    ok
else
    bad "a program defining the $n internal names does not link with libtasnif.a: $(head -n 3 "$T/link.err")"
fi
# shellcheck disable=SC2086
if $CC -I"$TOP/include" -o "$T/example-internal" "$TOP/tests/install/example.c" "$T/collide.c" \
    "$B/libtasnif-internal.a" $LIBS 2>"$T/link.err"; then
    bad "the same program links with the unrenamed archive: the collision test has no teeth"
else
    grep -q "multiple definition" "$T/link.err" && ok || bad "unrenamed archive: $(head -n 3 "$T/link.err")"
fi
"$TASNIF" train -q -o "$T/m.tsnf" "$TOP/datasets/demo/train.tsv"
for f in "$TOP/datasets/demo/sample.ar.txt" "$TOP/datasets/demo/sample.en.txt"; do
    want=$("$TASNIF" predict -m "$T/m.tsnf" "$f")
    got=$("$T/example" "$T/m.tsnf" "$f" 2>&1) || true
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
        ok
        echo "$(basename "$f"): $got, beside $n host functions of the same names"
    else
        bad "$(basename "$f"): example with libtasnif.a says '$got', tasnif predict '$want'"
    fi
done

# The HTTP server of tasnif serve is the command's: the installed libraries
# neither hold it nor need libmicrohttpd (the internal archive does).
nm -u "$B/libtasnif-internal.a" | grep -q ' MHD_start_daemon$' && ok ||
    bad "the internal archive does not hold the HTTP server: the check below has no teeth"
if nm -u "$B/libtasnif.a" | grep -q ' MHD_'; then bad "libtasnif.a refers to libmicrohttpd"; else ok; fi
if readelf -d "$so" | grep -q 'NEEDED.*microhttpd'; then bad "$so needs libmicrohttpd"; else ok; fi
finish
