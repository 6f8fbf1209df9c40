#!/usr/bin/env bash
# Interleaved A/B timing of the Softmax library: an earlier revision (A) against the working tree (B).
#
# Usage: Benchmarks/softmax-ab/run.sh REV n reps [f|d] [columns]
#   e.g. Benchmarks/softmax-ab/run.sh 2c1dcd8 60000 400      (Float, in cache)
#        Benchmarks/softmax-ab/run.sh 2c1dcd8 10000000 21    (Float, 1e7)
# Builds both into one release binary in a temporary package (kept under .build-ab at the
# repository root, which .gitignore covers) and runs main.swift's comparison.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rev="$1"
shift
work="$root/.build-ab"
rm -rf "$work/Sources"
mkdir -p "$work/Sources/SoftmaxA" "$work/Sources/ab"
git -C "$root" archive "$rev" Sources/Softmax | tar -x -C "$work/Sources/SoftmaxA" --strip-components=2
ln -s "$root/Sources/Softmax" "$work/Sources/SoftmaxB"
cp "$here/main.swift" "$work/Sources/ab/main.swift"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "ab",
    targets: [
        .target(name: "SoftmaxA"), .target(name: "SoftmaxB"),
        .executableTarget(name: "ab", dependencies: ["SoftmaxA", "SoftmaxB"]),
    ])
SWIFT
swift build -c release --package-path "$work" >/dev/null
"$work/.build/release/ab" "$@"
