#!/bin/sh
# Install the Debian packages tasnif builds with, only when they are missing.
# Runs apt-get as root (or through sudo when available).
set -eu
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
have_pc icu-uc && have_pc icu-i18n || need="$need libicu-dev"
have_pc openblas || need="$need libopenblas-dev"
[ -f /usr/include/libsvm/svm.h ] || need="$need libsvm-dev"
[ -z "$need" ] && exit 0
echo "tasnif: installing missing packages:$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >&2
