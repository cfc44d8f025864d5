#!/usr/bin/env bash
# Makes a small corpus of synthetic clips with sox, for the examples: plucks, a pad, a noise hit.
# sox -R makes the random parts (pluck excitation, noise) the same every run.
# usage: examples/make-corpus.sh DIR
set -euo pipefail
dir="${1:?usage: make-corpus.sh DIR}"
mkdir -p "$dir"
sox -R -n -r 48000 -c 1 -b 16 "$dir/pluck-c3.wav" synth 1.5 pluck C3 fade 0 1.5 0.3 norm -3
sox -R -n -r 48000 -c 1 -b 16 "$dir/pluck-g3.wav" synth 1.5 pluck G3 fade 0 1.5 0.3 norm -3
sox -R -n -r 48000 -c 1 -b 16 "$dir/pad-e3.wav" synth 3 sine E3 sine B3 remix - tremolo 3 40 fade 0.2 3 0.5 gain -6
sox -R -n -r 48000 -c 1 -b 16 "$dir/noise-hit.wav" synth 0.4 pinknoise fade 0 0.4 0.35 gain -3
sox -R -n -r 48000 -c 1 -b 16 "$dir/saw-a2.wav" synth 2 sawtooth A2 gain -8 lowpass 1200 fade 0.05 2 0.5
echo "corpus of $(ls "$dir"/*.wav | wc -l) clips in $dir"
