#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (address sanitizer, coverage-guided) and runs one, several or
# all of them, one at a time, at nice 19. See Fuzz/README.md.
#
#   Scripts/fuzz.sh                      all targets, the long budget (10 million runs or 30 minutes each)
#   Scripts/fuzz.sh --smoke              all targets, a few seconds each (what CI runs)
#   Scripts/fuzz.sh FuzzMathML --time 600
#   Scripts/fuzz.sh --list | --build-only | --regress
#
# Options:
#   --smoke             5 seconds per target (--time 5)
#   --time SECONDS      stop each target after SECONDS (default 1800)
#   --runs N            stop each target after N executions (default 10000000); with --time, the first reached
#   --config debug|release   build configuration (default release: several times more executions per second)
#   --jobs N            build jobs (default: SwiftPM's, one per core)
#   --no-build          run what is built
#   --build-only        build and stop
#   --regress           run every saved finding (Fuzz/Findings/<target>/*) once, and nothing else
#   --list              print the targets
#   -- FLAGS...         more libFuzzer flags for every run (-detect_leaks=1, -max_len=65536, -only_ascii=1 …)
# Environment: FUZZ_SCRATCH (build folder, default Fuzz/.build), FUZZ_OUTPUT (runs' corpora, logs and
# crash inputs, default Fuzz/Output), FUZZ_NICE (default 19), FUZZ_STACK_KB (default 1024; 4096 for
# --config debug).
#
# Each target runs with a 1 MB stack (ulimit -s), not Linux's 8 MB: `make site` builds literate in
# debug, whose frames are about three times the size of these release+ASan ones, and macOS gives
# worker threads 512 KB; with 8 MB, recursion that crashes literate at a few hundred levels would need
# inputs far beyond libFuzzer's 4 KB to show. The parsers' own depth limits (64 levels) fit in 1 MB.
#
# Any error a target throws is a normal result. Findings are crashes, sanitizer reports, inputs that take
# more than 10 s (-timeout=10) and runs above 2 GB (-rss_limit_mb=2048); libFuzzer writes each input to
# Fuzz/Output/<target>/ (crash-*, timeout-*, oom-*), and this script exits 1. Leak detection is off
# (-detect_leaks=0): LeakSanitizer cannot see Swift references kept in enum payloads (the tag lives in
# the pointer's spare bits), so it reports live objects as leaked; to look anyway, run with
# ASAN_OPTIONS=detect_leaks=1 and `-- -detect_leaks=1`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ="$ROOT/Fuzz"
SCRATCH=${FUZZ_SCRATCH:-$FUZZ/.build}
OUTPUT=${FUZZ_OUTPUT:-$FUZZ/Output}
NICE=${FUZZ_NICE:-19}
ALL_TARGETS=(FuzzMarkdownPage FuzzInlineScanner FuzzFrontMatter FuzzMathML FuzzStatedValue FuzzTemplates)

time_budget=1800
runs_budget=10000000
config=release
jobs=()
build=yes
run=yes
regress=no
targets=()
extra=()

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) time_budget=5 ;;
        --time) time_budget=${2:?--time needs seconds}; shift ;;
        --runs) runs_budget=${2:?--runs needs a count}; shift ;;
        --config) config=${2:?--config needs debug or release}; shift ;;
        --jobs) jobs=(-j "${2:?--jobs needs a number}"); shift ;;
        --no-build) build=no ;;
        --build-only) run=no ;;
        --regress) regress=yes ;;
        --list) printf '%s\n' "${ALL_TARGETS[@]}"; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) usage 0 ;;
        Fuzz*) targets+=("$1") ;;
        *) echo "fuzz.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
    esac
    shift
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target '$target' (--list)" >&2; exit 2; }
done

if [[ $build == yes ]]; then
    # -sanitize=fuzzer on every compile gives libFuzzer its coverage (SwiftPM's --sanitize fuzzer only links
    # libFuzzer, and makes SwiftPM keep libFuzzer's main); -parse-as-library: the targets have no main;
    # -enable-testing: two targets reach internal types with @testable import; C targets (libyaml in Yams)
    # get coverage and the address sanitizer too. ld.gold's "Cannot export local symbol" warnings are noise.
    echo "fuzz.sh: building the fuzz targets ($config) in $SCRATCH"
    start=$(date +%s)
    set +e
    nice -n "$NICE" swift build --package-path "$FUZZ" --scratch-path "$SCRATCH" -c "$config" "${jobs[@]}" \
        --sanitize fuzzer --sanitize address \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
        -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -v "Cannot export local symbol"
    status=${PIPESTATUS[0]}
    set -e
    [[ $status -eq 0 ]] || { echo "fuzz.sh: build failed" >&2; exit "$status"; }
    echo "fuzz.sh: built in $(($(date +%s) - start)) s"
fi
[[ $run == yes ]] || exit 0
BIN="$SCRATCH/$config"
for target in "${targets[@]}"; do
    [[ -x "$BIN/$target" ]] || { echo "fuzz.sh: $BIN/$target is not built (run without --no-build)" >&2; exit 2; }
done

# Debug frames are about four times larger than release ones: the same depth needs four times the stack.
[[ $config == debug ]] && STACK_KB=${FUZZ_STACK_KB:-4096} || STACK_KB=${FUZZ_STACK_KB:-1024}
# LeakSanitizer also checks once at exit, outside libFuzzer's -detect_leaks: off unless asked for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
ulimit -s "$STACK_KB"

if [[ $regress == yes ]]; then
    failed=0
    for target in "${targets[@]}"; do
        inputs=("$FUZZ/Findings/$target"/*)
        [[ -e ${inputs[0]} ]] || continue
        echo "fuzz.sh: $target: replaying ${#inputs[@]} saved finding(s)"
        nice -n "$NICE" "$BIN/$target" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 "${extra[@]}" "${inputs[@]}" \
            || failed=1
    done
    exit "$failed"
fi

findings=0
summary=()
for target in "${targets[@]}"; do
    out="$OUTPUT/$target"
    mkdir -p "$out/corpus"
    log="$out/$(date +%Y%m%d-%H%M%S).log"
    dict=()
    [[ -f "$FUZZ/Dictionaries/$target.dict" ]] && dict=(-dict="$FUZZ/Dictionaries/$target.dict")
    echo "fuzz.sh: $target: up to ${time_budget} s or $runs_budget runs, ${STACK_KB} KB stack; log $log"
    set +e
    # New inputs go to the first folder (Fuzz/Output/<target>/corpus); the committed seeds are only read.
    nice -n "$NICE" "$BIN/$target" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -max_total_time="$time_budget" \
        -runs="$runs_budget" -print_final_stats=1 -artifact_prefix="$out/" "${dict[@]}" "${extra[@]}" \
        "$out/corpus" "$FUZZ/Corpus/$target" >"$log" 2>&1
    status=$?
    set -e
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' <<<"$last" || true)
    if [[ $status -eq 0 ]]; then
        result="no findings"
    else
        findings=$((findings + 1))
        artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | sed 's/Test unit written to //' || true)
        kind=$(grep -m 1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-zA-Z -]+' "$log" || echo "exit $status")
        result="FINDING ($kind): ${artifact:-see the log}"
        # The log's report, and the input in base64 (what survives of a CI run is its output).
        grep -m 1 -A 24 -E '^==[0-9]+==|^(Fatal error|fuzz invariant)|ALARM|out-of-memory' "$log" | sed 's/^/  | /' || true
        if [[ -n $artifact && -f $artifact ]]; then
            echo "  input ($(wc -c <"$artifact") bytes, base64; decode with base64 -d):"
            head -c 8192 "$artifact" | base64 | sed 's/^/    /'
        fi
    fi
    echo "  final: $last"
    echo "  $target: ${runs:-?} runs, ${speed:-?} exec/s, ${cov:-cov: ?}; $result"
    summary+=("$(printf '%-18s %10s runs %7s exec/s  %-22s %s' "$target" "${runs:-?}" "${speed:-?}" "${cov:-cov: ?}" "$result")")
done

echo "fuzz.sh: summary"
printf '  %s\n' "${summary[@]}"
[[ $findings -eq 0 ]] || { echo "fuzz.sh: $findings target(s) with findings; inputs and logs in $OUTPUT" >&2; exit 1; }
