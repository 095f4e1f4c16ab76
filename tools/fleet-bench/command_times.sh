#!/bin/bash
# usage: flock /tmp/migrate-bench.lock tools/fleet-bench/command_times.sh MIGRATE LABEL  — median of 3 whole processes: wall, CPU (user+sys), peak RSS; load average
BIN=$1; LABEL=$2
cd "${BENCH_DIR:-/tmp/fleet3-bench}"  # holds the stores of migrate-bench --scale: scale-100000.db, scale-10000.db
for store in 100000:2026-10-26T09:17:42Z 10000:2026-11-18T09:17:42Z; do
  n=${store%%:*}; now=${store#*:}
  for cmd in "gates bench --json" "status" "routes --format json" "routes --format csv" "report bench --format md" "report bench --format html" "verify"; do
    rows=""
    for i in 1 2 3; do
      MIGRATE_NOW=$now MIGRATE_ACTOR=bench /usr/bin/time -o "${TMPDIR:-/tmp}/command-times.$$" -f "%e %U %S %M" $BIN $cmd --db scale-$n.db > /dev/null 2>/dev/null
      r=$(tail -1 "${TMPDIR:-/tmp}/command-times.$$")
      rows="$rows$r"$'\n'
    done
    echo "$rows" | LABEL="$LABEL" N=$n CMD="$cmd" LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" python3 -c '
import os, sys
r=[list(map(float, l.split())) for l in sys.stdin if len(l.split())==4]
w=sorted(x[0] for x in r); c=sorted(x[1]+x[2] for x in r); m=max(x[3] for x in r)
print("%s %s chargers | %s | wall %.2f s | CPU %.2f s | peak %d MB | load %s" % (os.environ["LABEL"], os.environ["N"], os.environ["CMD"], w[len(w)//2], c[len(c)//2], m/1024, os.environ["LOAD"]))'

  done
done
