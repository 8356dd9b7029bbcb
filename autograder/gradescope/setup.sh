#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu 22.04), with the autograder's zip unpacked in /autograder/source:
# wirecheck's sources in source/wirecheck, the assignment in
# source/assignment (scripts/gradescope-autograder makes that zip). It
# installs what wirecheck and the students' languages need, and builds
# wirecheck alone (no tests, no benchmarks) into source/build.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"   # moved for testing it outside Gradescope
source_dir="$root/source"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  g++ make cmake ninja-build pkg-config \
  libpcap-dev libfmt-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libre2-dev \
  python3 default-jdk-headless >/dev/null
cmake -S "$source_dir/wirecheck" -B "$source_dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DWIRECHECK_TESTS=OFF -DWIRECHECK_BENCH=OFF >/dev/null
cmake --build "$source_dir/build" --target wirecheck
install -m 0755 "$source_dir/wirecheck/autograder/gradescope/run_autograder" "$root/run_autograder"
