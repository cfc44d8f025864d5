#!/usr/bin/env bash
# Drives a running Ersatz over OSC with liblo's oscsend: plays a phrase, sweeps the temperature,
# arms MIDI learn, saves the state as a preset and asks for the state.
# Start Ersatz first, e.g.:  ./ersatz run --corpus DIR --preset presets/ambient-drift.json --osc-port 9000
# usage: examples/osc-control.sh [PORT] [HOST]
set -euo pipefail
port="${1:-9000}"
host="${2:-127.0.0.1}"
send() { oscsend "$host" "$port" "$@"; }

send /ersatz/param/temperature f 0.3
for note in 48 55 60 63; do
  send /ersatz/note ii "$note" 100
  sleep 0.25
done
for t in 0.5 1.0 1.5 2.0 2.5; do          # heat it up while the notes ring
  send /ersatz/param/temperature f "$t"
  sleep 0.2
done
for note in 48 55 60 63; do send /ersatz/note ii "$note" 0; done
send /ersatz/learn s grain                # the next controller moved on the MIDI input maps to grain
send /ersatz/preset/save s osc-example    # saved as osc-example.json in the preset folder
send /ersatz/query                        # replies /ersatz/state to this sender (see oscdump)
echo "sent to $host:$port"
