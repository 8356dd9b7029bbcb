# Sourced by the tests that install wirecheck's .deb on this machine
# (scripts/test-package, scripts/test-ci-templates). They leave the machine
# as they found it, and never replace a wirecheck that someone installed:
#
# - root only (dpkg): anyone else gets exit 77, which ctest reports as
#   skipped, never passed;
# - one such test at a time on the machine (a lock in /run/lock, held until
#   the script exits; other worktrees' tests wait for it);
# - a wirecheck already installed, or any file where the package puts its
#   own (/usr/bin/wirecheck, /usr/lib/wirecheck, ...), makes the test refuse
#   (exit 77 with the reason), unless the marker says an earlier package
#   test installed it and died before its clean-up: then that one is removed
#   first;
# - on every exit (trap): the package purged, the marker and the test's temp
#   folder removed, and the exit status 1 if any of the package's paths is
#   still there.
#
# Use: package_test_begin NAME (sets $package_tmp), package_install DEB,
# package_remove, package_at_exit COMMAND (run first at exit, e.g. to put a
# setting back); package_test_cleanup runs by itself.

readonly package_paths=(/usr/bin/wirecheck /usr/lib/wirecheck /usr/share/wirecheck /usr/lib/cmake/wirecheck
                        /usr/share/doc/wirecheck)
readonly package_marker=/var/lib/wirecheck-package-test.owner
readonly package_lock=/run/lock/wirecheck-package-test.lock
package_tmp=
package_test_name=
package_exit_commands=()

package_at_exit() {
  package_exit_commands+=("$1")
}

# dpkg, waiting (up to 2 minutes) while apt or dpkg elsewhere holds its lock.
package_dpkg() {
  local out
  for _ in {1..60}; do
    if out=$(dpkg "$@" 2>&1); then return 0; fi
    [[ "$out" == *lock* ]] || break
    sleep 2
  done
  echo "$out" >&2
  return 1
}

package_installed() {
  [[ "$(dpkg-query -W -f='${Status}' wirecheck 2>/dev/null || true)" == "install ok installed" ]]
}

# The package off the machine (only while the marker says a test owns it).
package_remove() {
  if [[ -e "$package_marker" ]] && package_installed; then
    package_dpkg --purge wirecheck
  fi
}

package_test_cleanup() {
  local status=$?
  trap - EXIT
  set +e
  for command in "${package_exit_commands[@]}"; do eval "$command"; done
  package_remove
  rm -f "$package_marker"
  [[ -n "$package_tmp" ]] && rm -rf "$package_tmp"
  local left=()
  for path in "${package_paths[@]}"; do [[ -e "$path" ]] && left+=("$path"); done
  if ((${#left[@]})) && [[ -n "$package_test_name" ]]; then
    echo "$package_test_name: FAILED: left behind after removing the package: ${left[*]}" >&2
    status=1
  fi
  exit "$status"
}

package_test_skip() {
  echo "$package_test_name: skipped: $*"
  exit 77
}

package_test_begin() {
  package_test_name=$1
  ((EUID == 0)) || package_test_skip "installing the .deb (dpkg -i) needs root"
  exec {package_lock_fd}>"$package_lock"
  flock -w 900 "$package_lock_fd" || package_test_skip "another package test held $package_lock for 15 minutes"
  if [[ -e "$package_marker" ]]; then
    echo "$package_test_name: an earlier package test ($(cat "$package_marker")) did not clean up: removing its wirecheck"
    package_installed && package_dpkg --purge wirecheck
    rm -f "$package_marker"
  fi
  if package_installed; then
    package_test_skip "wirecheck $(dpkg-query -W -f='${Version}' wirecheck) is installed on this machine (not by a" \
      "package test): the test would replace it. Remove it (dpkg -r wirecheck) or run the test elsewhere"
  fi
  for path in "${package_paths[@]}"; do
    [[ -e "$path" ]] && package_test_skip "$path exists and is not from the wirecheck package: installing the" \
      ".deb would overwrite it. Move it away or run the test elsewhere"
  done
  echo "$package_test_name (pid $$, $(date -u +%FT%TZ))" >"$package_marker"
  trap package_test_cleanup EXIT
  trap 'exit 130' INT TERM
  package_tmp=$(mktemp -d "${TMPDIR:-/tmp}/wirecheck-$package_test_name.XXXXXX")
  # Open to everyone: a run as root gives its programs nobody's identity
  # only when nobody can enter every folder they start from.
  chmod 755 "$package_tmp"
}

package_install() {
  package_dpkg -i "$1"
}
