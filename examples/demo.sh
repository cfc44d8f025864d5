#!/usr/bin/env bash
# The demo: Ersatz synthesises its own small corpus and renders a phrase over it, no files needed.
# usage: examples/demo.sh [OUT.wav] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/ersatz" demo -o "${1:-ersatz-demo.wav}" --seconds "${2:-20}"
