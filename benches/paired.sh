#!/usr/bin/env bash
# Paired runs of two threadscope binaries on the many-authors pair and on
# the 100 MB WhatsApp and page corpora (see BENCHMARKS.md, *Corpora* and
# *Author tables*). Each round runs every command with the one binary, then
# with the other, so that a slow phase of the machine hits both alike.
#
#   bash benches/paired.sh BEFORE_BIN AFTER_BIN [ROUNDS]
#
# Corpora (generate them with examples/gen as BENCHMARKS.md says), by
# default in /tmp: AUTHORS_SMALL (wa-auth-11.txt), AUTHORS_LARGE
# (wa-auth-110.txt), WA100 (wa100.txt), PAGE100 (page100.txt). Prints one
# line per command and binary (seconds and peak memory, lowest–highest) and
# the growth of the authors pair per round.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: bash benches/paired.sh BEFORE_BIN AFTER_BIN [ROUNDS]" >&2
    exit 2
fi
before=$1
after=$2
rounds=${3:-3}
small=${AUTHORS_SMALL:-/tmp/wa-auth-11.txt}
large=${AUTHORS_LARGE:-/tmp/wa-auth-110.txt}
wa100=${WA100:-/tmp/wa100.txt}
page100=${PAGE100:-/tmp/page100.txt}
for file in "$small" "$large" "$wa100" "$page100"; do
    [ -f "$file" ] || { echo "missing corpus: $file" >&2; exit 2; }
done

records=$(mktemp)
timing=$(mktemp)
trap 'rm -f "$records" "$timing"' EXIT

# run LABEL BINARY INPUT-NAME ARGS...: one timed run, one record line.
run() {
    local label=$1 binary=$2 input=$3
    shift 3
    /usr/bin/time -o "$timing" -f "%e %M" "$binary" "$@" > /dev/null
    echo "$label $input $* $(cat "$timing")" | awk '{ $(NF) = int($(NF) / 1000); print }' >> "$records"
}

for round in $(seq "$rounds"); do
    for side in before after; do
        binary=$before
        [ "$side" = after ] && binary=$after
        for input in small large; do
            file=$small
            [ "$input" = large ] && file=$large
            run "$side" "$binary" "authors-$input" --threads 1 parse --parts always --format jsonl -q "$file"
            run "$side" "$binary" "authors-$input" --threads 1 summary --parts always --format json -q "$file"
            run "$side" "$binary" "authors-$input" --threads 1 graph --parts always --format json -q "$file"
        done
        for file in "$wa100" "$page100"; do
            input=$(basename "$file" .txt)
            run "$side" "$binary" "$input" --threads 1 parse --parts never --format jsonl -q "$file"
            run "$side" "$binary" "$input" --threads 1 summary --parts never --format json -q "$file"
            run "$side" "$binary" "$input" summary --format json -q "$file"
        done
    done
done

# Lowest and highest seconds and MB of each command and binary.
awk '{
    key = $2; for (i = 3; i <= NF - 3; i++) if ($i != "-q") key = key " " $i
    side = $1; k = key " | " side
    s = $(NF - 1); m = $NF
    if (!(k in lo) || s < lo[k]) lo[k] = s
    if (!(k in hi) || s > hi[k]) hi[k] = s
    if (!(k in mlo) || m < mlo[k]) mlo[k] = m
    if (!(k in mhi) || m > mhi[k]) mhi[k] = m
} END {
    for (k in lo) printf "%-70s %.2f–%.2f s, %d–%d MB\n", k, lo[k], hi[k], mlo[k], mhi[k]
}' "$records" | sort

# Growth of the authors pair, per round: large time over small time.
echo
awk '$2 ~ /^authors-/ {
    cmd = $5; side = $1; n = ++count[side, $2, cmd]
    t[side, $2, cmd, n] = $(NF - 1)
} END {
    split("before after", sides, " ")
    split("parse summary graph", cmds, " ")
    for (s = 1; s <= 2; s++) for (c = 1; c <= 3; c++) {
        line = sides[s] " " cmds[c] " growth:"
        for (n = 1; n <= count[sides[s], "authors-large", cmds[c]]; n++)
            line = line sprintf(" %.1f×", t[sides[s], "authors-large", cmds[c], n] / t[sides[s], "authors-small", cmds[c], n])
        print line
    }
}' "$records"
