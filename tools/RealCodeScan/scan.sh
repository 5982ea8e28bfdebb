#!/usr/bin/env bash
# Scans every project of projects.tsv whose sources (the listed folders and the root Directory.Build.props) were
# extracted to SOURCES/<name> (for example with
# `git --git-dir=<mirror> archive <commit> <folders> | tar -x -C SOURCES/<name>`), writing OUT/<name>.txt.
# Test folders are left out: the package is judged on the code that ships. Sample folders too, unless the project's
# fifth column says `samples` (a repository of samples, where the samples are the code that ships).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sources="${1:?usage: scan.sh SOURCES OUT [name ...]}"; out="${2:?usage: scan.sh SOURCES OUT [name ...]}"; shift 2
mkdir -p "$out"
dotnet build "$here" -c Release -v q -nologo >/dev/null
scan="$here/bin/Release/net10.0/ActionSecurity.RealCodeScan"
grep -v '^#' "$here/projects.tsv" | while IFS=$'\t' read -r name repo commit folders keep; do
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  if [ ! -d "$sources/$name" ]; then echo "skip $name: $sources/$name not extracted" >&2; continue; fi
  samples=(--exclude '(^|/)samples?/')
  if [ "${keep:-}" = samples ]; then samples=(); fi
  "$scan" --name "$name" --exclude '(^|/)tests?/' --exclude '\.Tests?(/|\.)' "${samples[@]}" "$sources/$name" > "$out/$name.txt" || true
  echo "$name: $(grep "^# per rule" "$out/$name.txt"); $(grep "^# analyzer exceptions" "$out/$name.txt")"
done
