#!/usr/bin/env bash
# The side-by-side benchmark in one command:  sudo bench/run.sh [--quick] [--servers ferry,vsftpd,...]
# The WebDAV table (Ferry, Apache mod_dav_fs, lighttpd mod_webdav, nginx dav + dav-ext):
#                                              sudo bench/run.sh --webdav [--quick] [--servers ferry,apache,...]
#
# Installs the peers (vsftpd with apt; pure-ftpd and proftpd conflict with it as packages, so they are
# unpacked), publishes Ferry as users run it (on Linux x64 the native AOT package, elsewhere the ReadyToRun
# framework build; ferry_build in bench/servers.py starts whichever is there),
# builds the load driver in Release, then hands over to compare.py, which starts every server on loopback
# with the same files, account, passive-range size, certificate and TLS suite, runs each metric
# interleaved (A B C D A B C D ...) and writes the table to docs/performance.md.
# Loopback only; every loop is bounded, and compare.py skips what is left after 18 minutes; a run takes about 10.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $(id -u) -ne 0 ]]; then
  echo "bench/run.sh: run as root (it installs peers, creates the benchmark user and pins CPUs): sudo bench/run.sh" >&2
  exit 1
fi

peers_dir=${FERRY_BENCH_PEERS:-/opt/ferry-bench/peers}
export DEBIAN_FRONTEND=noninteractive

# A package must not start its service (vsftpd would take port 21): policy-rc.d exit 101 forbids it.
made_guard=no
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  made_guard=yes
fi
trap '[[ $made_guard == yes ]] && rm -f /usr/sbin/policy-rc.d' EXIT

webdav=no
for argument in "$@"; do [[ $argument == --webdav ]] && webdav=yes; done

# Libraries the unpacked peers link against, plus the tools the benchmark uses.
packages=(vsftpd curl openssl util-linux procps iproute2 python3
  libsodium23 libcap2 libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libidn2-0 libssl3)
# Ferry's linux-x64 package is native AOT: its publish links with clang and SQLite's static library.
[[ $(uname -m) == x86_64 ]] && packages+=(clang libsqlite3-dev)
# The WebDAV peers install side by side (the guard above keeps each from starting its service).
[[ $webdav == yes ]] && packages+=(apache2 nginx-light libnginx-mod-http-dav-ext
  lighttpd lighttpd-mod-webdav lighttpd-mod-openssl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

unpack() { # $1 = Debian package: downloaded and extracted, never dpkg-installed (they conflict with vsftpd)
  local package=$1
  [[ -f "$peers_dir/$package/.unpacked" ]] && return 0
  mkdir -p "$peers_dir/downloads" "$peers_dir/$package"
  # As root, apt would warn that its sandbox user cannot write here: download as root directly.
  (cd "$peers_dir/downloads" && rm -f "${package}"_*.deb && apt-get download -qq -o APT::Sandbox::User=root "$package")
  dpkg-deb -x "$peers_dir/downloads/${package}"_*.deb "$peers_dir/$package"
  touch "$peers_dir/$package/.unpacked"
}
if [[ $webdav == no ]]; then
  unpack pure-ftpd
  unpack proftpd-core
  unpack proftpd-mod-crypto # mod_tls
fi

# The build users run, not the plain build output (which has no ReadyToRun and keeps TieredPGO on): on Linux
# x64 the package itself, one native executable; elsewhere the framework profile's ferry.dll, precompiled
# like the single-file packages, since the native one builds only on Linux x64 here.
profile=framework
[[ $(uname -m) == x86_64 ]] && profile=linux-x64
echo "bench: publishing Ferry (the $profile profile) and building the load driver (Release)"
rm -rf src/Ferry/bin/Published
dotnet publish src/Ferry/Ferry.csproj -p:PublishProfile=$profile -o src/Ferry/bin/Published -v quiet -nologo >/dev/null
dotnet build bench/Ferry.Bench/Ferry.Bench.csproj -c Release -v quiet -nologo >/dev/null
# The WebDAV table's floor, the driver's do-nothing HTTP server (http-stub), runs as a native executable like
# Ferry's package: under the JIT its memory per connection would include code being compiled. Elsewhere
# webdav_bench.py runs it under dotnet and says so.
rm -rf bench/Ferry.Bench/bin/Native
if [[ $webdav == yes && $profile == linux-x64 ]]; then
  dotnet publish bench/Ferry.Bench/Ferry.Bench.csproj -c Release -p:PublishAot=true -o bench/Ferry.Bench/bin/Native -v quiet -nologo >/dev/null
fi

# 10,000 idle sessions need 10,000 descriptors in the server and in the driver.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The server and the driver each hold one descriptor per session (plus a few hundred of their own).
if [[ $(ulimit -n) != unlimited ]] && (( $(ulimit -n) < 10500 )); then echo "bench: only $(ulimit -n) open files allowed; the 10,000-session run will fail" >&2; fi

exec /usr/bin/python3 bench/compare.py --peers-dir "$peers_dir" "$@"
