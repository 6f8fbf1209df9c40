#!/bin/sh
# cmark 0.30.2 against cmark-gfm 0.29.0.gfm.6: conformance, positions, API, speed, adversarial inputs.
# Needs: apt-get install -y libcmark-dev libcmark-gfm-dev libcmark-gfm-extensions-dev; cc; python3.
# Writes only under ${TMPDIR:-/tmp}/markdown-bench.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${TMPDIR:-/tmp}/markdown-bench
mkdir -p "$work"

echo "== versions"
apt-cache policy libcmark-dev libcmark-gfm-dev 2>/dev/null | grep -E '^[a-z]|Installed' || true

echo; echo "== conformance"
python3 "$here/conformance.py"

echo; echo "== source positions"
python3 "$here/positions.py"

echo; echo "== API: the project's calls against each header"
cc -Wall -o "$work/api-cmark" "$here/api_check.c" $(pkg-config --cflags --libs libcmark)
cc -Wall -DGFM -o "$work/api-gfm" "$here/api_check.c" $(pkg-config --cflags --libs libcmark-gfm)
"$work/api-cmark" > "$work/api-cmark.txt"
"$work/api-gfm" > "$work/api-gfm.txt"
if diff "$work/api-cmark.txt" "$work/api-gfm.txt"; then echo "identical"; else echo "(differences above)"; fi

echo; echo "== speed"
cc -O2 -Wall -o "$work/mdbench" "$here/bench.c" -ldl
spec=/work/shared/testdata/commonmark/spec-0.30.txt
: > "$work/spec20.md"
for i in $(seq 20); do cat "$spec" >> "$work/spec20.md"; done
: > "$work/content170.md"
for i in $(seq 170); do cat "$root"/Content/*.md >> "$work/content170.md"; echo >> "$work/content170.md"; done
"$work/mdbench" "$work/spec20.md" 9
"$work/mdbench" "$work/content170.md" 9

echo; echo "== adversarial inputs"
python3 "$here/pathological.py" --sizes 2500,10000
