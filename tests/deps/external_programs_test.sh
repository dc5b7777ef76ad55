#!/usr/bin/env bash
# Every external program clusterbench runs comes from a Debian package its scripts install
# (issue 14: a fresh Debian 12 machine had no qemu-system-x86_64 and no catatonit while CI, set up
# by hand, stayed green). packaging/external-programs.txt maps each program to its package; this
#   (a) resolves every host program of the table on this machine (command -v over the system
#       PATH, then dpkg -S on the file, its /usr-merged twin and its readlink -f target) and fails
#       when it is missing or another package owns it;
#   (b) fails when a host program's package is not in scripts/install-deps' lists, or a guest
#       program's (note "guest: ...") not in scripts/build-image's; packages of Priority
#       required are on every Debian system and in debootstrap's minbase, so they need neither;
#   (c) scans the sources for the programs they run (argv[0] of the argv lists the C++ code
#       builds, probes such as available("x"), the commands of the scripts) and fails for any
#       the table does not list; what the agent runs (agent/, common/, scripts/image/) must also
#       be in the template image.
# A program missing here is a failure naming the package to add, never a skip: the point is that
# a machine set up by scripts/install-deps alone has everything.
# Needs no build. Usage: tests/deps/external_programs_test.sh [SOURCE_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${1:-$here/../..}" && pwd)
table=$root/packaging/external-programs.txt
install_deps=$root/scripts/install-deps
build_image=$root/scripts/build-image
# Resolve over the system directories only: a copy under /usr/local or a ~/.pyenv shim would hide
# a package that a fresh machine lacks.
system_path=/usr/sbin:/usr/bin:/sbin:/bin

# Names the scan finds that are not programs from a Debian package, each with the reason.
declare -A IGNORE=(
  # Built by this project.
  [clusterbench]=1 [clusterbench-agent]=1 [clusterbench-mpi-rsh]=1 [clusterbench-swarm]=1
  [clusterbench-bench-report]=1
  # Argument lists that are not commands: podman's `run ...` appended to podmanBase()
  # (controller/lab/podman_provider.cpp); clusterbench subcommands the e2e tests pass to the
  # built binary (tests/e2e, tests/integration).
  [run]=1 [lab]=1 [study]=1 [results]=1
  # A program missing on purpose (tests/unit/agent/config_command_runner_test.cpp).
  [cb-no-such-program]=1
  # Optional on nodes, used only when present: netplan on nodes that already configure their
  # network with it (/etc/netplan; the labs' nodes get their address with ip), and
  # netfilter-persistent, only probed: without it apply notes that rules.v4 is not loaded at boot.
  [netplan]=1 [netfilter-persistent]=1
  # VirtualBox is not in Debian 12 (Oracle's repository); `clusterbench vbox` runs VBoxManage on
  # hosts where the user installed it and says so when it is missing.
  [VBoxManage]=1
)

failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# --- the table --------------------------------------------------------------------------------
declare -A PKG GUEST
programs=()
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
  lineno=$((lineno + 1))
  line=${line%%#*}
  read -r program package note <<<"$line" || true
  [ -n "${program:-}" ] || continue
  if [ -z "${package:-}" ]; then
    fail "$table:$lineno: '$program' has no package"
    continue
  fi
  if [ -n "${PKG[$program]+x}" ]; then
    fail "$table:$lineno: '$program' is listed twice"
    continue
  fi
  PKG[$program]=$package
  [[ "${note:-}" == guest:* ]] && GUEST[$program]=1
  programs+=("$program")
done <"$table"
echo "table: ${#programs[@]} programs in ${table#"$root"/}"

# Words of the shell arrays named *PACKAGES / packages (comments dropped) in a script.
package_list() {
  perl -0777 -ne 's/(^|[ \t])#[^\n]*//mg;
    while (/\b\w*(?:PACKAGES|packages)\+?=\(([^)]*)\)/g) {
      print "$_\n" for grep { /^[a-z0-9][a-z0-9.+-]+$/ } split " ", $1 }' "$1" | sort -u
}
declare -A HOST_LIST IMAGE_LIST
while read -r p; do HOST_LIST[$p]=1; done < <(package_list "$install_deps")
while read -r p; do IMAGE_LIST[$p]=1; done < <(package_list "$build_image")
[ ${#HOST_LIST[@]} -gt 0 ] || fail "no package lists found in $install_deps"
[ ${#IMAGE_LIST[@]} -gt 0 ] || fail "no package list found in $build_image"

declare -A PRIORITY  # installed package -> Priority
while IFS=$'\t' read -r p priority status; do
  [[ $status == ii* ]] && PRIORITY[${p%%:*}]=$priority
done < <(dpkg-query -W -f='${binary:Package}\t${Priority}\t${db:Status-Abbrev}\n' 2>/dev/null)
required() { [ "${PRIORITY[$1]:-}" = required ]; }

# The file a program name runs (command -v; type -P for names that are also shell builtins).
resolve() {
  local path
  path=$(PATH=$system_path command -v "$1" 2>/dev/null) || true
  [[ $path == /* ]] || path=$(PATH=$system_path type -P "$1" 2>/dev/null) || true
  echo "$path"
}
# The names dpkg may know a file by: the path, its readlink -f target (/usr/bin/x ->
# /etc/alternatives/x -> the real file), and the /usr-merged twin of each.
spellings() {
  local c
  for c in "$1" "$(readlink -f "$1")"; do
    echo "$c"
    case $c in
      /usr/bin/* | /usr/sbin/*) echo "${c#/usr}" ;;
      /bin/* | /sbin/*) echo "/usr$c" ;;
    esac
  done
}
declare -A OWNER  # file -> owning package(s), filled by record_owners
record_owners() {  # one dpkg -S for every spelling of the given files
  local f line pkgs w owners paths=()
  for f in "$@"; do
    [ -n "$f" ] && mapfile -t -O ${#paths[@]} paths < <(spellings "$f")
  done
  [ ${#paths[@]} -gt 0 ] || return 0
  while IFS= read -r line; do
    [[ $line == diversion\ * || $line != *': /'* ]] && continue
    pkgs=${line%%: /*}
    owners=()
    for w in ${pkgs//,/ }; do owners+=("${w%%:*}"); done  # drop :arch qualifiers
    OWNER[/${line#*: /}]="${owners[*]}"
  done < <(dpkg -S "${paths[@]}" 2>/dev/null || true)
}
owner_of() {
  local c
  while IFS= read -r c; do
    if [ -n "${OWNER[$c]:-}" ]; then
      echo "${OWNER[$c]}"
      return 0
    fi
  done < <(spellings "$1")
  return 1
}

# --- (a) + (b): every row ---------------------------------------------------------------------
declare -A FILE
for program in "${programs[@]}"; do
  [ -n "${GUEST[$program]:-}" ] || FILE[$program]=$(resolve "$program")
done
record_owners "${FILE[@]}"
for program in "${programs[@]}"; do
  package=${PKG[$program]}
  if [ -n "${GUEST[$program]:-}" ]; then
    if [ -n "${IMAGE_LIST[$package]:-}" ] || required "$package"; then
      echo "ok   $program: runs in lab nodes, package $package in scripts/build-image"
    else
      fail "$program runs in lab nodes: add its package $package to the packages of" \
        "scripts/build-image"
    fi
    continue
  fi
  path=${FILE[$program]}
  if [ -z "$path" ]; then
    fail "$program is not installed on this machine: add its package $package to" \
      "scripts/install-deps (PACKAGES) and run it"
    continue
  fi
  if ! owner=$(owner_of "$path"); then
    fail "$program ($path) belongs to no Debian package here (dpkg -S); the table says $package"
    continue
  fi
  if [[ " $owner " != *" $package "* ]]; then
    fail "$program ($path) comes from package $owner here, the table says $package"
    continue
  fi
  if [ -z "${HOST_LIST[$package]:-}" ] && ! required "$package"; then
    fail "$program: package $package is not in scripts/install-deps' package lists"
    continue
  fi
  echo "ok   $program -> $path ($package)"
done

# --- (c): what the sources run ----------------------------------------------------------------
# tests/deps/scan_cpp.pl, scan_shell.pl and scan_python.pl say what counts as running a program;
# each prints "program<TAB>file:line<TAB>scope". Scopes: host (controller/, bench/, tests/,
# scripts/), agent (agent/, common/: on the host in the netns lab and in every lab node) and guest
# (scripts/image/, inside lab nodes only).

cd "$root"
cpp=() shell=() python=() implied=()
while IFS= read -r f; do
  case $f in
    agent/* | common/*) cpp+=("agent=$f") ;;
    *) cpp+=("host=$f") ;;
  esac
done < <(find controller agent common bench tests -type f \( -name '*.cpp' -o -name '*.hpp' \) |
  sort)
while IFS= read -r f; do
  scope=host
  [[ $f == scripts/image/* ]] && scope=guest
  first=$(head -c 100 "$f" | head -1)
  case $first in
    '#!'*python*) python+=("$scope=$f") ;;
    '#!'*sh*) shell+=("$scope=$f") ;;
  esac
done < <(find scripts tests -type f \( -path 'scripts/*' -o -name '*.sh' \) | sort)
# Run by the programs the code runs: podman's --init starts catatonit as the container's init
# (/usr/libexec/podman/catatonit), and the package is only a Recommends of podman.
for f in "${cpp[@]#*=}" "${python[@]#*=}"; do
  if grep -q '"podman"' "$f" && grep -q -- '"--init"' "$f"; then
    implied+=("catatonit"$'\t'"$f: podman --init"$'\t'host)
  fi
done

found=$(
  perl "$here/scan_cpp.pl" "${cpp[@]}"
  perl "$here/scan_shell.pl" "${shell[@]}"
  perl "$here/scan_python.pl" "${python[@]}"
  printf '%s\n' "${implied[@]}"
)
[ -n "$found" ] || fail "the source scan found nothing (is $root a clusterbench tree?)"

declare -A SEEN ignored
unlisted=()  # resolved in one go for the hints of the failures below
while IFS=$'\t' read -r program _; do
  if [ -n "$program" ] && [ -z "${PKG[$program]:-}" ] && [ -z "${IGNORE[$program]:-}" ] &&
    [ -z "${FILE[$program]+x}" ]; then
    FILE[$program]=$(resolve "$program")
    unlisted+=("${FILE[$program]}")
  fi
done <<<"$found"
record_owners "${unlisted[@]}"
while IFS=$'\t' read -r program where scope; do
  [ -n "$program" ] || continue
  key="$program $scope"
  [ -z "${SEEN[$key]:-}" ] || continue
  SEEN[$key]=1
  if [ -n "${IGNORE[$program]:-}" ]; then
    ignored[$program]=1
    continue
  fi
  if [ -z "${PKG[$program]:-}" ]; then
    hint=$(owner_of "${FILE[$program]:-/nonexistent}" || true)
    fail "$program (run at $where) is not in ${table#"$root"/}: add '$program ${hint:-<package>}'"
    continue
  fi
  package=${PKG[$program]}
  if [ "$scope" = host ] && [ -n "${GUEST[$program]:-}" ]; then
    fail "$program (run at $where) runs on the host too, but the table marks it guest-only"
    continue
  fi
  if [ "$scope" != host ] && [ -z "${IMAGE_LIST[$package]:-}" ] && ! required "$package"; then
    fail "$program (run at $where) runs in lab nodes: add its package $package to" \
      "scripts/build-image"
    continue
  fi
done <<<"$found"
echo "scan: $(cut -f1 <<<"$found" | sort -u | wc -l) program names in the sources;" \
  "ignored (see IGNORE): $(printf '%s\n' "${!ignored[@]}" | sort | tr '\n' ' ')"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all external programs accounted for"
