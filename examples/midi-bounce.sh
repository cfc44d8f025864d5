#!/usr/bin/env bash
# A bounce that follows a MIDI file: a corpus made with sox, the percussive preset, and
# examples/riff.mid (16 notes at 100 BPM speeding up to 140, the mod wheel rising).
# usage: examples/midi-bounce.sh [OUT.wav] [PRESET] [FILE.mid]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-ersatz-riff.wav}"
preset="${2:-$root/presets/percussive.json}"
midi="${3:-$here/riff.mid}"
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
"$here/make-corpus.sh" "$corpus" >/dev/null
"$root/ersatz" bounce --corpus "$corpus" --preset "$preset" --midi "$midi" -o "$out"
