#!/usr/bin/env bash
# A whole live session on a private JACK server: starts jackd (dummy backend, no sound card
# needed), Ersatz with a preset and OSC, and jack_rec recording Ersatz's outputs; plays a phrase
# over OSC, then stops everything and leaves the recording.
# usage: examples/live-session.sh [OUT.wav] [SECONDS] [PRESET]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-/tmp/ersatz-live.wav}"
seconds="${2:-4}"
preset="${3:-$root/presets/ambient-drift.json}"
server="ersatz-example-$$"            # a private server name: nothing else is disturbed
export JACK_DEFAULT_SERVER="$server"  # every JACK client below talks to it
port=$((20000 + $$ % 20000))          # the OSC port
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/make-corpus.sh" "$work/corpus" >/dev/null
"$root/ersatz" --help >/dev/null      # builds on first use, before the clock starts

jackd --no-realtime -n "$server" -d dummy -r 48000 -p 256 >"$work/jackd.log" 2>&1 &
jackd_pid=$!
jack_wait -s "$server" -w -t 10 >/dev/null 2>&1

"$root/ersatz" run --corpus "$work/corpus" --preset "$preset" --name ersatz --osc-port "$port" >"$work/ersatz.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do jack_lsp 2>/dev/null | grep -q '^ersatz:out_R$' && break; sleep 0.1; done
jack_lsp | grep -q '^ersatz:out_R$' || { echo "ersatz did not come up:" >&2; cat "$work/ersatz.log" >&2; exit 1; }

jack_rec -f "$out" -d "$seconds" ersatz:out_L ersatz:out_R &   # jack_rec connects itself to the ports named
rec=$!
sleep 0.5
for note in 48 55 60 67; do oscsend 127.0.0.1 "$port" /ersatz/note ii "$note" 100; sleep 0.3; done
oscsend 127.0.0.1 "$port" /ersatz/param/temperature f 2.0
wait "$rec"
for note in 48 55 60 67; do oscsend 127.0.0.1 "$port" /ersatz/note ii "$note" 0; done
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()
kill "$jackd_pid"; wait "$jackd_pid" 2>/dev/null || true
echo "recorded $out"
