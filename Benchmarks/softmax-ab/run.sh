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
ln -s "$root/Sources/SoftmaxAVX2" "$work/Sources/SoftmaxAVX2"
cp "$here/main.swift" "$work/Sources/ab/main.swift"
# A's C kernels (revisions from the AVX2 path on) get their own module and symbol names, so that
# both copies link into one binary.
a_dependencies=""
if git -C "$root" cat-file -e "$rev:Sources/SoftmaxAVX2" 2>/dev/null; then
    mkdir -p "$work/Sources/SoftmaxAVX2A"
    git -C "$root" archive "$rev" Sources/SoftmaxAVX2 | tar -x -C "$work/Sources/SoftmaxAVX2A" --strip-components=2
    mv "$work/Sources/SoftmaxAVX2A/include/SoftmaxAVX2.h" "$work/Sources/SoftmaxAVX2A/include/SoftmaxAVX2A.h"
    find "$work/Sources/SoftmaxAVX2A" -type f -exec sed -i \
        -e 's/softmax_avx2_/softmaxA_avx2_/g' -e 's/SOFTMAX_AVX2_H/SOFTMAXA_AVX2_H/' \
        -e 's/"SoftmaxAVX2.h"/"SoftmaxAVX2A.h"/' {} +
    find "$work/Sources/SoftmaxA" -name '*.swift' -exec sed -i \
        -e 's/import SoftmaxAVX2$/import SoftmaxAVX2A/' -e 's/softmax_avx2_/softmaxA_avx2_/g' {} +
    a_dependencies='"SoftmaxAVX2A"'
fi
cat > "$work/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "ab",
    targets: [
        .target(name: "SoftmaxAVX2"), .target(name: "SoftmaxB", dependencies: ["SoftmaxAVX2"]),
        $([ -n "$a_dependencies" ] && echo '.target(name: "SoftmaxAVX2A"),')
        .target(name: "SoftmaxA", dependencies: [$a_dependencies]),
        .executableTarget(name: "ab", dependencies: ["SoftmaxA", "SoftmaxB"]),
    ])
SWIFT
swift build -c release --package-path "$work" >/dev/null
"$work/.build/release/ab" "$@"
