#!/usr/bin/env bash
# The one test command. Installs the FTP clients the integration tests drive and what the linux-x64 package's
# native AOT publish needs (when missing), builds the solution once, runs every test project and ends with
# one line: "tests: N passed, M failed, K skipped".
#   ./test.sh                               every test
#   ./test.sh 'FullyQualifiedName~Curl'    only the tests that match a dotnet test --filter expression
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

artifacts=.test-artifacts
results="$artifacts/test-results"
log="$artifacts/dotnet-test.log"

# What the integration tests run (FTP and WebDAV clients), and the Debian package that brings it.
# Debian's /usr/bin/python3 (not a pyenv one on PATH): the tests use its ftplib.
required_commands=(curl lftp tnftp ncftpput wget rclone /usr/bin/python3 ip litmus cadaver)
declare -A package_of=([curl]=curl [lftp]=lftp [tnftp]=tnftp [ncftpput]=ncftp [wget]=wget [rclone]=rclone [/usr/bin/python3]=python3 [ip]=iproute2 [litmus]=litmus [cadaver]=cadaver)
# What the linux-x64 package's native AOT publish needs (src/Ferry/Properties/PublishProfiles/NativeAot.props;
# PlatformPackageTests publishes it): clang drives the link, and SQLite's static library is linked in.
required_files=()
if [[ $(uname -m) == x86_64 ]]; then
  required_commands+=(clang)
  package_of[clang]=clang
  required_files+=(/usr/lib/x86_64-linux-gnu/libsqlite3.a)
  package_of[/usr/lib/x86_64-linux-gnu/libsqlite3.a]=libsqlite3-dev
fi

have() {
  command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" || -x "/sbin/$1" ]]
}

install_missing_clients() {
  local missing=() command file
  for command in "${required_commands[@]}"; do
    have "$command" || missing+=("${package_of[$command]}")
  done
  for file in "${required_files[@]}"; do
    [[ -e $file ]] || missing+=("${package_of[$file]}")
  done
  ((${#missing[@]} == 0)) && return 0

  if [[ $(id -u) -ne 0 ]]; then
    echo "test.sh: missing test tools: ${missing[*]}" >&2
    echo "test.sh: install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "test.sh: (or run ./test.sh as root, which installs them)" >&2
    exit 1
  fi

  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A package must not start a service on this machine: policy-rc.d exit 101 tells invoke-rc.d "not allowed".
  local made_guard=no
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_guard=yes
  fi
  local status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } || status=$?
  [[ $made_guard == yes ]] && rm -f /usr/sbin/policy-rc.d
  if ((status != 0)); then
    echo "test.sh: apt-get failed (exit $status) installing ${missing[*]}" >&2
    exit "$status"
  fi
}

# Sums one field of the summary line that dotnet test prints per test project:
#   "Failed!  - Failed:     1, Passed:    24, Skipped:     0, Total:    25, Duration: 15 s - X.dll (net10.0)"
# (the trx files carry the same counts, but their names are per-second timestamps that two projects can share).
sum_summary_field() {
  local field=$1
  { grep -Eo "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" || true; } |
    { grep -Eo "$field: +[0-9]+" || true; } | awk '{ total += $2 } END { print total + 0 }'
}

# Names each skipped test with its reason (from the trx files), so that a skip is seen, never silent.
list_skipped() {
  /usr/bin/python3 - "$results" <<'PY'
import pathlib, sys, xml.etree.ElementTree as tree
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(pathlib.Path(sys.argv[1]).glob("*.trx")):
    for result in tree.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='NotExecuted']", ns):
        reason = result.findtext(".//t:Message", default="no reason given", namespaces=ns).strip()
        print(f"skipped: {result.get('testName')}: {reason}")
PY
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is not on PATH" >&2
  exit 1
fi

install_missing_clients

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Ferry.slnx -c Release

# Ferry for Windows and macOS (docs/windows.md): the build above already compiles their platform
# files (plain C# behind OperatingSystem checks, src/Ferry.Storage.Local/Portable); these publishes
# prove that the host also builds, packs and precompiles (ReadyToRun, as their single-file profiles do,
# crossgen2 running here for the other platform) for win-x64 and osx-arm64, though no test runs there.
# The framework profile, not the single file: it keeps this step short (about a minute for both).
cross_out=$(mktemp -d)
for rid in win-x64 osx-arm64; do
  dotnet publish src/Ferry/Ferry.csproj -p:PublishProfile=framework -r "$rid" -o "$cross_out/$rid" -v quiet -nologo
done
rm -rf "$cross_out"

rm -rf "$results"
mkdir -p "$results"
filter=()
if (($# > 0)); then
  filter=(--filter "$*")
fi
test_status=0
dotnet test Ferry.slnx -c Release --no-build --logger trx --results-directory "$results" "${filter[@]}" 2>&1 |
  tee "$log" || test_status=$?

passed=$(sum_summary_field Passed)
failed=$(sum_summary_field Failed)
skipped=$(sum_summary_field Skipped)

echo "test.sh: full log in $log, trx files in $results"
if ((skipped > 0)); then
  list_skipped
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"

if ((test_status != 0 || failed > 0)); then
  echo "test.sh: FAILED (dotnet test exit $test_status)" >&2
  exit 1
fi
if ((passed + failed == 0)); then
  echo "test.sh: no test ran" >&2
  exit 1
fi
