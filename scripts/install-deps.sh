#!/bin/sh
# Install the Debian packages tasnif needs, only those that are missing.
#   scripts/install-deps.sh          what the build needs
#   scripts/install-deps.sh --test   also what the tests use: libsvm's own
#                                    tools, scikit-learn, Pillow, Chromium,
#                                    valgrind, groff, man, Open MPI, curl
#                                    and ss (tasnif serve's tests),
#                                    junitparser (an independent JUnit
#                                    reader), PyYAML (the CI recipes) and
#                                    zstd (compressed corpora)
#   scripts/install-deps.sh --peers  also the peers the benchmarks measure
#                                    against: liblinear's and libsvm's
#                                    tools, fastText, scikit-learn, and wrk
#                                    (the HTTP load of make bench-serve)
# Runs apt-get as root (or through sudo when available).
set -eu
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v objcopy >/dev/null 2>&1 || need="$need binutils"
{ have_pc icu-uc && have_pc icu-i18n; } || need="$need libicu-dev"
{ have_pc openblas && have_pc lapack; } || need="$need libopenblas-dev"
[ -f /usr/include/libsvm/svm.h ] || need="$need libsvm-dev"
[ -f /usr/include/linear.h ] || need="$need liblinear-dev"
have_pc libmicrohttpd || need="$need libmicrohttpd-dev"
have_pc zlib || need="$need zlib1g-dev"
have_pc libzstd || need="$need libzstd-dev"
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--peers" ]; then
    command -v svm-train >/dev/null 2>&1 || need="$need libsvm-tools"
    command -v liblinear-train >/dev/null 2>&1 || need="$need liblinear-tools"
    /usr/bin/python3 -c 'import sklearn' 2>/dev/null || need="$need python3-sklearn"
fi
if [ "${1:-}" = "--peers" ]; then
    command -v fasttext >/dev/null 2>&1 || need="$need fasttext"
    command -v wrk >/dev/null 2>&1 || need="$need wrk"
fi
if [ "${1:-}" = "--test" ]; then
    /usr/bin/python3 -c 'import PIL' 2>/dev/null || need="$need python3-pil"
    command -v chromium >/dev/null 2>&1 || need="$need chromium"
    [ -x /usr/bin/time ] || need="$need time"
    command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
    command -v groff >/dev/null 2>&1 || need="$need groff-base"
    command -v man >/dev/null 2>&1 || need="$need man-db"
    command -v mpirun >/dev/null 2>&1 || need="$need openmpi-bin"
    command -v curl >/dev/null 2>&1 || need="$need curl"
    command -v ss >/dev/null 2>&1 || need="$need iproute2"
    command -v zstd >/dev/null 2>&1 || need="$need zstd"
    have_pc ompi-c || need="$need libopenmpi-dev"
    /usr/bin/python3 -c 'import junitparser' 2>/dev/null || need="$need python3-junitparser"
    /usr/bin/python3 -c 'import yaml' 2>/dev/null || need="$need python3-yaml"
fi
[ -z "$need" ] && exit 0
echo "tasnif: installing missing packages:$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >&2
