#!/usr/bin/env bash
# Long-run fuzzing: every target (or the ones named) for MINUTES each, one after the other,
# with debug assertions on (`-a`, so integer overflow panics instead of wrapping) and no
# sanitizer (`-s none`, so the stable toolchain works). Prints the executions per target and
# keeps every finding.
#
#   fuzz/run-all.sh [-t TOOLCHAIN] [-o OUTDIR] MINUTES [TARGET...]
#
#   -t TOOLCHAIN  rustup toolchain to build with (default: stable; nightly works too)
#   -o OUTDIR     where logs, grown corpora and findings go (default: fuzz/runs/<UTC time>)
#
# The committed seeds under fuzz/corpus/<target>/ are read, never written: each run grows its
# own corpus in OUTDIR/corpus/<target>/. A finding (crash, panic, timeout, memory blow-up) is
# written to OUTDIR/artifacts/<target>/ and ends that target's run early; the script goes on
# with the next target and exits 1 at the end if anything was found. Set CARGO_TARGET_DIR to
# build outside the repository (a release build of the targets is about 1 GB). Prefix with
# `nice -n 19` on a shared machine.
set -euo pipefail

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

toolchain=stable
out=""
while getopts "t:o:h" opt; do
    case "$opt" in
        t) toolchain="$OPTARG" ;;
        o) out="$OPTARG" ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
minutes="$1"
shift
case "$minutes" in
    '' | *[!0-9]*) echo "MINUTES must be a whole number of minutes, got '$minutes'" >&2; exit 2 ;;
esac
[ "$minutes" -ge 1 ] || { echo "MINUTES must be at least 1, got $minutes" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
all_targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^ctct-fuzz$')
if [ $# -gt 0 ]; then
    targets="$*"
    for t in $targets; do
        echo "$all_targets" | grep -qx "$t" || { echo "unknown target '$t' (have: $(echo $all_targets))" >&2; exit 2; }
    done
else
    targets="$all_targets"
fi
if ! cargo "+$toolchain" fuzz --version > /dev/null 2>&1; then
    echo "cargo-fuzz is missing for toolchain '$toolchain': cargo install cargo-fuzz" >&2
    exit 2
fi
[ -n "$out" ] || out="$here/runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
summary="$out/summary.tsv"
printf 'target\tseconds\texecutions\texec/s\tcov\tcorpus\tfindings\n' > "$summary"

flags=(-s none -O -a)
found_any=0
for t in $targets; do
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
    log="$out/$t.log"
    dict=()
    case "$t" in
        v1_feed | v1_entry | service_document | v1_differential) dict=(-dict=xml.dict) ;;
    esac
    echo "== $t: building ($toolchain, ${flags[*]})" >&2
    if ! cargo "+$toolchain" fuzz build "${flags[@]}" "$t" > "$out/$t.build.log" 2>&1; then
        echo "== $t: build failed, see $out/$t.build.log" >&2
        printf '%s\t0\t0\t0\t-\t-\tbuild failed\n' "$t" >> "$summary"
        found_any=1
        continue
    fi
    echo "== $t: running $minutes min" >&2
    start=$(date +%s)
    set +e
    cargo "+$toolchain" fuzz run "${flags[@]}" "$t" "$out/corpus/$t" "corpus/$t" -- \
        -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" "${dict[@]}" \
        > "$log" 2>&1
    status=$?
    set -e
    secs=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ -z "$execs" ]; then
        # No final stats after a crash: the last status line's count is the best figure.
        execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    fi
    execs=${execs:-0}
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    findings=$(find "$out/artifacts/$t" -type f | wc -l)
    if [ "$findings" -gt 0 ] || [ "$status" -ne 0 ]; then
        found_any=1
        [ "$findings" -gt 0 ] || findings="exit $status, see $log"
    fi
    rate=$(( secs > 0 ? execs / secs : 0 ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$secs" "$execs" "$rate" "${cov:--}" "${corp:--}" "$findings" >> "$summary"
    echo "== $t: $execs executions in ${secs}s, findings: $findings" >&2
done

echo
column -t -s "$(printf '\t')" "$summary" 2>/dev/null || cat "$summary"
echo
echo "logs, corpora and findings: $out"
exit "$found_any"
