#!/usr/bin/env bash
# Makes the two media files `feedwright init --with-episode` copies into a new publication:
#
#   templates/media/welcome.mp3   a few spoken seconds (espeak-ng -> sox -> lame, mono 32 kbps CBR)
#   templates/media/artwork.png   1400x1400 PNG cover, the smallest size Apple Podcasts accepts
#
# Made once, at development time, and shipped in the package: `init` then needs no audio encoder
# or image tool on the user's machine, and the files are the ones the tests check.
#
# Tools (Debian packages): espeak-ng, sox, lame, imagemagick, fonts-dejavu-core; installed with
# apt-get when missing (needs root).
#
# Usage: scripts/make-template-media.sh        (from anywhere; writes into templates/media/)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/templates/media"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

# shellcheck source=scripts/find-imagemagick.sh
source "$repo_root/scripts/find-imagemagick.sh"

missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v lame >/dev/null || missing+=(lame)
command -v sox >/dev/null || missing+=(sox)
find_imagemagick >/dev/null || missing+=(imagemagick)
[[ -f $font ]] || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  echo "Installing missing tools: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
im="$(find_imagemagick)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

espeak-ng -v en-us -s 160 -w "$work/speech.wav" \
  "Welcome to your new podcast. Replace this file with your first episode."
# Half a second of silence at each end; -R makes the dither reproducible.
sox -R "$work/speech.wav" "$work/welcome.wav" pad 0.5 0.5 norm -1
rm -f "$out/welcome.mp3"
lame --quiet -m m -b 32 --cbr -q 2 --add-id3v2 \
  --tt "Welcome" --tc "Placeholder episode written by feedwright init" \
  "$work/welcome.wav" "$out/welcome.mp3"

# Plain colours and text only, so PNG compression keeps the file small.
"$im" -size 1400x1400 xc:'#1d3557' \
  -fill '#f1faee' -font "$font" -pointsize 150 -gravity center -annotate +0-80 'Your' \
  -annotate +0+100 'podcast' \
  -strip -depth 8 -define png:compression-level=9 "PNG24:$out/artwork.png"

ls -l "$out"
