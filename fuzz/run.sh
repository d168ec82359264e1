#!/usr/bin/env bash
# Fuzzes one of Ferry's FTP parsers (or the whole engine) or WebDAV's request parsers with AFL++ through
# SharpFuzz, for a bounded time, then replays every crash it found and says whether there were any, or
# any input that ran past AFL++'s 10-second limit (a hang: a loop a client could trap the server in).
#   fuzz/run.sh TARGET [SECONDS]     TARGET: line, port, path, list, session, disknames (FTP);
#                                    davpath, davif, davheaders, davxml, davserver (WebDAV); SECONDS default 300
#   fuzz/run.sh --replay TARGET FILE...
# Inputs that crash a target go to fuzz/findings/TARGET/default/crashes; copy each into
# fuzz/corpus/TARGET/ once fixed, where tests/Ferry.Tests (FuzzCorpusTests) replays it on every test run.
# Needs afl++ (Debian package; installed here when run as root) and the SharpFuzz.CommandLine dotnet tool
# (installed into fuzz/.tools).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

out=.out
# Replays run uninstrumented: instrumented code writes to AFL++'s shared memory, which only exists under afl-fuzz.
replay=.out-replay
tools=.tools
if [[ ${1:-} == --replay ]]; then
  shift
  dotnet build Ferry.Fuzz -c Release -o "$replay" -nologo -v q >/dev/null
  exec dotnet "$replay/Ferry.Fuzz.dll" "$@"
fi

target=${1:?usage: fuzz/run.sh TARGET [SECONDS] (targets: line port path list session disknames davpath davif davheaders davxml davserver)}
seconds=${2:-300}
[[ -d corpus/$target ]] || { echo "fuzz/run.sh: no seeds in fuzz/corpus/$target" >&2; exit 2; }
# A bound on every run: AFL++ stops itself after this many seconds (-V), and timeout backs it up.
((seconds > 0 && seconds <= 86400)) || { echo "fuzz/run.sh: SECONDS must be 1-86400" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "fuzz/run.sh: afl-fuzz is missing: apt-get install afl++ (or run as root)" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++; }
fi
if [[ ! -x $tools/sharpfuzz ]]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# Instrument the code under test (not the framework, not the harness): AFL++ sees its branches.
rm -rf "$out" "$replay"
dotnet build Ferry.Fuzz -c Release -o "$out" -nologo -v q >/dev/null
cp -r "$out" "$replay"
for assembly in Ferry.Core.dll Ferry.Ftp.dll Ferry.Storage.Local.dll Ferry.WebDav.dll; do
  "$tools/sharpfuzz" "$out/$assembly" >/dev/null
done

findings=findings/$target
mkdir -p "$findings"
# The tokens the target's inputs are made of: HTTP's and WebDAV's for its parsers, FTP's for the rest.
dictionary=dictionaries/ftp.dict
[[ $target == dav* ]] && dictionary=dictionaries/dav.dict
# dotnet is not an AFL-instrumented binary and its runtime needs memory: skip those checks, no memory cap.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
status=0
timeout --kill-after=30 $((seconds + 120)) \
  afl-fuzz -i "corpus/$target" -o "$findings" -V "$seconds" -t 10000 -m none -x "$dictionary" \
  -- dotnet "$out/Ferry.Fuzz.dll" "$target" >"$findings/afl.log" 2>&1 || status=$?

stats=$findings/default/fuzzer_stats
if [[ ! -f $stats ]]; then
  echo "fuzz/run.sh: afl-fuzz did not run (exit $status); see fuzz/$findings/afl.log" >&2
  tail -20 "$findings/afl.log" >&2
  exit 1
fi
executions=$(awk -F': *' '$1 ~ /execs_done/ { print $2 }' "$stats")
paths=$(awk -F': *' '$1 ~ /corpus_count/ { print $2 }' "$stats")
crashes=()
for file in "$findings"/default/crashes/id:*; do
  [[ -e $file ]] && crashes+=("$file")
done
hangs=()
for file in "$findings"/default/hangs/id:*; do
  [[ -e $file ]] && hangs+=("$file")
done
echo "fuzz $target: $executions executions in $seconds s, $paths inputs in the queue, ${#crashes[@]} crashes, ${#hangs[@]} hangs"
for file in "${crashes[@]}"; do
  echo "--- crash $file"
  dotnet "$replay/Ferry.Fuzz.dll" "$target" "$file" 2>&1 | head -3 || true
done
for file in "${hangs[@]}"; do
  echo "--- hang $file (replayed with a 20-second bound)"
  timeout 20 dotnet "$replay/Ferry.Fuzz.dll" "$target" "$file" 2>&1 | head -3 || echo "still running after 20 s"
done
((${#crashes[@]} + ${#hangs[@]} == 0))
