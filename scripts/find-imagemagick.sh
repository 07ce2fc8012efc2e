# Sourced by the media scripts. On some machines a stand-in `convert` comes first on PATH, so the
# real ImageMagick is always called by its Debian path, never as plain `convert`.
find_imagemagick() {
  local c
  for c in /usr/bin/convert-im6.q16 /usr/bin/convert; do
    if [[ -x $c ]] && "$c" -version 2>/dev/null | grep -q 'ImageMagick'; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
