#!/usr/bin/env bash
# Build-performance comparison of ActionSecurity.Analyzers with its peers on a generated ASP.NET Core project.
#
#   benchmarks/run.sh [--size S|M|L] [--runs N] [--warmup N] [--configs baseline,actionsecurity,scs,sonar,ca-all]
#                     [--reference REV]
#
# 1. builds the analyzers from src/ in Release,
# 2. generates the web project (fixed seed) into benchmarks/generated/<size>,
# 3. restores every configuration, then builds it N times per configuration, alternating configurations in each
#    round, and writes benchmarks/results/<date>-<size>.md.
# Defaults: --size S --runs 3 --warmup 1, all five configurations. Needs /usr/bin/time (Debian package `time`).
# --reference REV also builds the analyzers of commit REV (in a temporary worktree) and adds them as the `reference`
# configuration, so a change is measured against the code before it in the same run, on the same load.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
size=S
pass=()
reference=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="${2^^}"; shift 2 ;;
    --runs|--warmup|--configs) pass+=("$1" "$2"); shift 2 ;;
    --reference) reference="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }

echo "== building the analyzers (Release)"
dotnet build "$root/src/CodeFixes/ActionSecurity.Analyzers.CodeFixes.csproj" -c Release -nologo -v:q
analyzers="$root/src/CodeFixes/bin/Release/netstandard2.0"

if [[ -n "$reference" ]]; then
  echo "== building the analyzers of $reference (Release), the reference configuration"
  commit="$(git -C "$root" rev-parse --verify "$reference^{commit}")"
  worktree="$(mktemp -d)/reference"
  git -C "$root" worktree add --detach "$worktree" "$commit" >/dev/null
  trap 'git -C "$root" worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT
  # Its own output folders (artifacts inside the worktree), so the two builds never share obj/.
  dotnet build "$worktree/src/CodeFixes/ActionSecurity.Analyzers.CodeFixes.csproj" -c Release -nologo -v:q
  pass+=(--reference-analyzers "$worktree/src/CodeFixes/bin/Release/netstandard2.0" --reference-name "${reference} (${commit:0:7})")
fi

echo "== building the generator and the runner"
dotnet build "$here/Generator/Generator.csproj" -c Release -nologo -v:q
dotnet build "$here/Runner/Runner.csproj" -c Release -nologo -v:q

project="$here/generated/$size"
# Always regenerated (deterministic, a few seconds even for L), so the sources match the generator in this checkout.
echo "== generating size $size"
dotnet "$here/Generator/bin/Release/net10.0/ActionSecurity.Benchmarks.Generator.dll" --size "$size" --out "$project"

echo "== building the configurations"
dotnet "$here/Runner/bin/Release/net10.0/ActionSecurity.Benchmarks.Runner.dll" \
  --size "$size" --project "$project" --analyzers "$analyzers" --results "$here/results" "${pass[@]}"
