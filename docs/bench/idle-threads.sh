#!/bin/bash
# Per-thread CPU of an idle `ersatz run` (checkout DIR) over 20 s after 15 s of settling, on a fresh
# realtime dummy jackd at 256 frames; /proc ticks are 10 ms, so figures move in 0.05% steps.
# Thread names come from jstack, taken after the window (attaching costs the JVM CPU).
# Usage: docs/bench/idle-threads.sh DIR   (DIR/ersatz must build or be built)
dir=$1
srv=idle-threads-$$-$RANDOM
jackd -R -n $srv -d dummy -r 48000 -p 256 > /dev/null 2>&1 &
jp=$!
JACK_DEFAULT_SERVER=$srv jack_wait -w -t 10 >/dev/null
(cd $dir && JACK_DEFAULT_SERVER=$srv exec ./ersatz run --corpus /tmp/ersatz-jack-corpus > /dev/null 2>&1) &
pid=$!   # the launcher execs java: this is the JVM
sleep 15
declare -A a
for t in /proc/$pid/task/*; do a[$t]=$(awk '{print $14+$15}' $t/stat); done
sleep 20
declare -A e
for t in /proc/$pid/task/*; do e[$t]=$(awk '{print $14+$15}' $t/stat); done
js=$(jstack $pid 2>/dev/null)   # names, after the window (the attach costs the JVM CPU)
for t in /proc/$pid/task/*; do tid=${t##*/}; n=$(echo "$js" | grep "nid=$(printf 0x%x $tid) " | sed 's/^"\([^"]*\)".*/\1/'); [ -z "$n" ] && n=$(cat $t/comm); b=${e[$t]:-0}; d=$((b - ${a[$t]:-0})); [ $d -gt 0 ] && echo "$d ${n// /_}"; done | sort -rn | awk '{printf "%5.2f%% %s\n", $1/20, $2}'
kill $pid; sleep 1; kill $jp
