#!/bin/sh
# make install into a staging folder, then use what was installed as a
# library user would: tasnif.pc names the version and the flags, and
# tests/install/example.c, built with `pkg-config tasnif` against the
# installed libtasnif.a (--static) and libtasnif.so, labels the demo
# article as the installed `tasnif predict` does and reports the version
# `tasnif --version` prints.  The installed libraries' names are checked by
# scripts/check-symbols.sh.  make uninstall leaves nothing but folders;
# the older `prefix` variable installs and uninstalls the same way.
. "$(dirname "$0")/../setup"
default_build_only "make install"
CC=${CC:-cc}
# our own make, not a job slot of the make that runs the tests
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { make -s -C "$TOP" "$@" >"$T/make.out" 2>&1 || { cat "$T/make.out"; return 1; }; }
version=$("$TOP/tasnif" --version | sed 's/^tasnif //')
major=${version%%.*}
demo="$TOP/datasets/demo"
# the files make install writes, relative to the prefix
files="bin/tasnif include/tasnif.h lib/libtasnif.a lib/libtasnif.so lib/libtasnif.so.$major
lib/libtasnif.so.$version lib/pkgconfig/tasnif.pc share/man/man1/tasnif.1"
# left ROOT: every file or link under ROOT, one a line
left() { (cd "$1" && find . ! -type d | sed 's|^\./||' | sort); }

if mk install DESTDIR="$T/root" PREFIX=/usr/local; then ok; else bad "make install DESTDIR=... PREFIX=/usr/local"; fi
R="$T/root/usr/local"
printf '%s\n' $files | sort >"$T/want"
left "$T/root" | sed 's|^usr/local/||' >"$T/got"
if cmp -s "$T/want" "$T/got"; then ok; else bad "installed files differ from the list: $(diff "$T/want" "$T/got" | tr '\n' ' ')"; fi
[ "$(readlink "$R/lib/libtasnif.so")" = "libtasnif.so.$major" ] &&
    [ "$(readlink "$R/lib/libtasnif.so.$major")" = "libtasnif.so.$version" ] && ok ||
    bad "symbolic links libtasnif.so -> libtasnif.so.$major -> libtasnif.so.$version"
[ -x "$R/bin/tasnif" ] && [ "$("$R/bin/tasnif" --version)" = "tasnif $version" ] && ok ||
    bad "the installed tasnif does not say 'tasnif $version'"

pc="$R/lib/pkgconfig/tasnif.pc"
for field in "Name: tasnif" "Version: $version" "Cflags: -I\${includedir}" "Libs: -L\${libdir} -ltasnif" \
    "Requires.private: icu-uc icu-i18n openblas lapack zlib libzstd" "Libs.private: -llinear -lsvm -lpthread -lm"; do
    grep -q -x -F "$field" "$pc" && ok || bad "tasnif.pc has no line '$field'"
done
# the staged tree is what /usr/local will hold: pkg-config reads it through
# a sysroot, as a packager's build does
export PKG_CONFIG_PATH="$R/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$T/root"
[ "$(pkg-config --modversion tasnif)" = "$version" ] && ok || bad "pkg-config --modversion tasnif"

if sh "$TOP/scripts/check-symbols.sh" "$R/include/tasnif.h" "$R/lib/libtasnif.a" "$R/lib/libtasnif.so.$version" \
    >"$T/sym.out"; then ok; else bad "check-symbols.sh on the installed libraries"; cat "$T/sym.out"; fi

# static: the archive named in place of -ltasnif, so the .so beside it is not taken
# shellcheck disable=SC2046
if $CC -o "$T/ex-static" "$TOP/tests/install/example.c" \
    $(pkg-config --static --cflags --libs tasnif | sed 's/-ltasnif\( \|$\)/-l:libtasnif.a /') 2>"$T/cc.err"; then
    ok
else
    bad "example.c against libtasnif.a (pkg-config --static): $(head -n 5 "$T/cc.err")"
fi
# shellcheck disable=SC2046
if $CC -o "$T/ex-shared" "$TOP/tests/install/example.c" $(pkg-config --cflags --libs tasnif) 2>"$T/cc.err"; then
    ok
else
    bad "example.c against libtasnif.so (pkg-config): $(head -n 5 "$T/cc.err")"
fi
readelf -d "$T/ex-static" 2>/dev/null | grep -q 'NEEDED.*libtasnif' && bad "the static example needs libtasnif.so" || ok
readelf -d "$T/ex-shared" 2>/dev/null | grep -q "NEEDED.*\[libtasnif.so.$major\]" && ok ||
    bad "the shared example does not need libtasnif.so.$major"
LD_LIBRARY_PATH="$R/lib" ldd "$T/ex-shared" 2>/dev/null | grep -q "libtasnif.so.$major => $R/lib/" && ok ||
    bad "the shared example does not load $R/lib/libtasnif.so.$major"

"$R/bin/tasnif" train -q -o "$T/m.tsnf" "$demo/train.tsv" || bad "the installed tasnif train"
want=$("$R/bin/tasnif" predict -m "$T/m.tsnf" "$demo/sample.ar.txt")
for ex in static shared; do
    got=$(LD_LIBRARY_PATH="$R/lib" "$T/ex-$ex" "$T/m.tsnf" "$demo/sample.ar.txt" 2>&1)
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
        ok
        echo "example ($ex): sample.ar.txt is $got, as tasnif predict says"
    else
        bad "example ($ex) says '$got', tasnif predict '$want'"
    fi
    # the words of its evidence, as tasnif predict --explain gives them
    got=$(LD_LIBRARY_PATH="$R/lib" "$T/ex-$ex" --why "$T/m.tsnf" "$demo/sample.ar.txt" 2>&1)
    why=$("$R/bin/tasnif" predict -m "$T/m.tsnf" --explain 3 --format json "$demo/sample.ar.txt" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["label"])
for w in d["scores"][0]["words"]:
    print("%s\t%+.4f" % (w["word"], w["contribution"]))')
    if [ "$(printf '%s\n' "$got" | wc -l)" = 4 ] && [ "$got" = "$why" ]; then ok; else
        bad "example --why ($ex) says '$got', tasnif predict --explain '$why'"
    fi
    got=$(LD_LIBRARY_PATH="$R/lib" "$T/ex-$ex" --version 2>&1)
    [ "$got" = "$version" ] && ok || bad "example ($ex): tasnif_version() is '$got', tasnif --version '$version'"
done
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

if mk uninstall DESTDIR="$T/root" PREFIX=/usr/local; then ok; else bad "make uninstall"; fi
left "$T/root" >"$T/left"
[ ! -s "$T/left" ] && ok || bad "make uninstall left $(tr '\n' ' ' <"$T/left")"

# the lower-case prefix of earlier releases
if mk install DESTDIR="$T/old" prefix=/opt/tasnif; then ok; else bad "make install prefix=/opt/tasnif"; fi
left "$T/old" | sed 's|^opt/tasnif/||' >"$T/got"
cmp -s "$T/want" "$T/got" && ok || bad "make install prefix=/opt/tasnif: $(diff "$T/want" "$T/got" | tr '\n' ' ')"
grep -q -x "prefix=/opt/tasnif" "$T/old/opt/tasnif/lib/pkgconfig/tasnif.pc" && ok || bad "tasnif.pc: prefix is not /opt/tasnif"
mk uninstall DESTDIR="$T/old" prefix=/opt/tasnif || bad "make uninstall prefix=/opt/tasnif"
left "$T/old" >"$T/left"
[ ! -s "$T/left" ] && ok || bad "make uninstall prefix=/opt/tasnif left $(tr '\n' ' ' <"$T/left")"

finish
