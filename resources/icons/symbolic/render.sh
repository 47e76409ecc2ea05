#!/usr/bin/env bash
# Renders Paybench's symbolic icons (black shapes on transparency, recoloured at run time by
# ui/widgets/SymbolicIcon) from Material Symbols, Apache License 2.0
# (https://github.com/marella/material-design-icons, npm @material-design-icons/svg).
# The PNGs are committed; run this only to change the set. Needs: npm, rsvg-convert
# (Debian: apt-get install npm librsvg2-bin).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=0.14.15
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@material-design-icons/svg@$version" >/dev/null &&
  tar xzf "material-design-icons-svg-$version.tgz")

# Paybench name = Material Symbols (outlined) name
icons=(
  new-workspace=note_add open=folder_open save=save undo=undo redo=redo
  platform=dns provider=credit_card region=public group=folder remove=delete
  close=close error=error warning=warning
)
for pair in "${icons[@]}"; do
  name=${pair%%=*}
  source="$work/package/outlined/${pair#*=}.svg"
  for size in 16 24 32 48; do
    rsvg-convert -w "$size" -h "$size" "$source" -o "$here/$name-$size.png"
  done
done
