#!/usr/bin/env bash
# Extracts the sources scan.sh reads: for every project of projects.tsv (or the names given), the C# sources, project
# files and configuration files of its listed folders (and the root's Directory.Build.props) at the pinned commit, from
# a bare clone, into SOURCES/<name>.
#
# MIRRORS holds one bare clone per repository, named <owner>+<name> (its git directory may be that folder or a `repo`
# folder inside it). Only source and configuration files are read, and a file whose blob the clone lacks (a partial
# clone leaves out large blobs) is left out with a note: it must not stop the extraction.
#
# The file list is long, so xargs may run `git archive` more than once; each run writes a tar archive of its own, and
# `tar -i` reads past the end-of-archive blocks between them (without it only the first run's files are extracted).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mirrors="${1:?usage: extract.sh MIRRORS SOURCES [name ...]}"; sources="${2:?usage: extract.sh MIRRORS SOURCES [name ...]}"; shift 2
grep -v '^#' "$here/projects.tsv" | while IFS=$'\t' read -r name repo commit folders keep; do
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  git_dir="$mirrors/${repo/\//+}"
  if [ -d "$git_dir/repo" ]; then git_dir="$git_dir/repo"; fi
  if [ ! -d "$git_dir" ]; then echo "skip $name: no clone of $repo in $mirrors" >&2; continue; fi
  rm -rf "${sources:?}/$name"; mkdir -p "$sources/$name"
  read -r -a paths <<< "$folders"
  if [ "${paths[0]}" = . ]; then paths=(.); else paths+=(Directory.Build.props); fi
  list="$(mktemp)"
  git --git-dir="$git_dir" ls-tree -r "$commit" -- "${paths[@]}" \
    | awk -F'\t' '$2 ~ /\.(cs|csproj|props|json|config)$/ { split($1, f, " "); print f[3] "\t" $2 }' > "$list"
  # A blob the clone lacks would end git archive's output early: leave such files out.
  cut -f1 "$list" | git --git-dir="$git_dir" cat-file --batch-check | awk '$2 == "missing" { print $1 }' > "$list.missing"
  awk -F'\t' 'FILENAME == ARGV[1] { missing[$1] = 1; next } !($1 in missing) { print $2 }' "$list.missing" "$list" \
    | tr '\n' '\0' \
    | GIT_LITERAL_PATHSPECS=1 xargs -0 -r git --git-dir="$git_dir" archive "$commit" -- \
    | tar -x -i -C "$sources/$name"
  if [ -s "$list.missing" ]; then echo "$name: $(wc -l < "$list.missing") files left out, their blobs are missing from the clone" >&2; fi
  rm -f "$list" "$list.missing"
  echo "$name: $(find "$sources/$name" -name '*.cs' | wc -l) C# files"
done
