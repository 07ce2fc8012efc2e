#!/usr/bin/env bash
# Regenerates the media of the shipped sample publication from scratch:
#
#   media/w04.mp3            spoken summary of issue W04 (espeak-ng -> WAV -> lame MP3)
#   media/w04.vtt            WebVTT transcript, one cue per spoken sentence
#   media/w04.chapters.json  JSON Chapters 1.2.0, one chapter per "## " section
#   media/artwork.jpg        1400x1400 sRGB JPEG podcast artwork (ImageMagick)
#   media/w04-16k.mp3        the same summary at 16 kbps: the low-bandwidth alternate enclosure
#   media/w04.jpg            1400x1400 JPEG artwork of episode W04 (its own itunes:image)
#   media/trailer.mp3        the show's spoken trailer (scripts/trailer-narration.txt)
#
# The spoken text lives in scripts/w04-narration.txt. Each sentence is spoken
# into its own WAV and the WAVs are joined with sox, so cue and chapter times
# are computed exactly from the measured sample counts (soxi -s).
#
# Tools (Debian packages): espeak-ng, lame, sox, imagemagick, fonts-dejavu-core.
# They are installed with apt-get when missing (needs root).
#
# Usage: scripts/make-sample-media.sh        (from anywhere; writes into media/)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
media_dir="$repo_root/media"
narration="$repo_root/scripts/w04-narration.txt"

# --- Tools -------------------------------------------------------------------
# shellcheck source=scripts/find-imagemagick.sh
source "$repo_root/scripts/find-imagemagick.sh"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v lame >/dev/null || missing+=(lame)
{ command -v sox >/dev/null && command -v soxi >/dev/null; } || missing+=(sox)
find_imagemagick >/dev/null || missing+=(imagemagick)
[[ -f $font ]] || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  echo "Installing missing tools: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
im="$(find_imagemagick)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$media_dir"

# --- Voice settings (fixed, so the output is reproducible) --------------------
voice=en-us   # espeak-ng voice
speed=160     # words per minute
pitch=50      # 0-99, espeak-ng default
amplitude=100 # espeak-ng default
gap_sentence=0.35 # seconds of silence after a sentence
gap_chapter=0.8   # seconds of silence after the last sentence of a chapter

# --- Read the narration --------------------------------------------------------
chapter_titles=()  # title of each chapter
chapter_first=()   # index of each chapter's first sentence
sentences=()
while IFS= read -r line || [[ -n $line ]]; do
  case $line in
    '') ;;
    '## '*)
      chapter_titles+=("${line#'## '}")
      chapter_first+=("${#sentences[@]}")
      ;;
    '#'*) ;;
    *) sentences+=("$line") ;;
  esac
done <"$narration"
((${#sentences[@]})) || { echo "no sentences in $narration" >&2; exit 1; }

# Is sentence $1 the last one of its chapter?
ends_chapter() {
  local next=$(($1 + 1)) f
  ((next == ${#sentences[@]})) && return 0
  for f in "${chapter_first[@]}"; do ((f == next)) && return 0; done
  return 1
}

# --- Speak each sentence; measure it in samples ------------------------------
rate=""
speech_samples=() # samples of speech in each sentence (before the pause)
total_samples=()  # samples of each sentence including the pause after it
parts=()
for i in "${!sentences[@]}"; do
  printf '%s\n' "${sentences[$i]}" >"$work/s$i.txt"
  espeak-ng -v "$voice" -s "$speed" -p "$pitch" -a "$amplitude" \
    -f "$work/s$i.txt" -w "$work/s$i.speech.wav"
  r="$(soxi -r "$work/s$i.speech.wav")"
  [[ -z $rate || $rate == "$r" ]] || { echo "sample rate changed" >&2; exit 1; }
  rate="$r"
  gap=$gap_sentence
  if ends_chapter "$i"; then gap=$gap_chapter; fi
  sox -R "$work/s$i.speech.wav" "$work/s$i.wav" pad 0 "$gap"
  speech_samples+=("$(soxi -s "$work/s$i.speech.wav")")
  total_samples+=("$(soxi -s "$work/s$i.wav")")
  parts+=("$work/s$i.wav")
done

# Join, then normalise to -1 dBFS (a pure gain change: lengths are unchanged).
# `sox -R` seeds the dither generator with a fixed number: reproducible output.
sox -R "${parts[@]}" "$work/joined.wav"
sox -R "$work/joined.wav" "$work/w04.wav" norm -1
echo "w04.wav: $(soxi -D "$work/w04.wav") s, $(soxi -r "$work/w04.wav") Hz, $(soxi -c "$work/w04.wav") channel(s)"

# --- MP3: mono, CBR 32 kbps at the speech sample rate, with ID3 tags ----------
rm -f "$media_dir/w04.mp3"
lame --quiet -m m -b 32 --cbr -q 2 \
  --add-id3v2 \
  --tt "Was ChatGPT a good idea? (W04)" \
  --ta "Apart Research" \
  --tl "ML & AI Safety Update" \
  --ty 2023 \
  --tn 4 \
  --tc "Sample spoken summary made with espeak-ng" \
  "$work/w04.wav" "$media_dir/w04.mp3"

# --- Low-bandwidth alternate: 16 kbps mono, same audio, same tags ------------------
rm -f "$media_dir/w04-16k.mp3"
lame --quiet -m m -b 16 --cbr -q 2 \
  --add-id3v2 \
  --tt "Was ChatGPT a good idea? (W04, low bandwidth)" \
  --ta "Apart Research" \
  --tl "ML & AI Safety Update" \
  --ty 2023 \
  --tn 4 \
  "$work/w04.wav" "$media_dir/w04-16k.mp3"

# --- Trailer: one paragraph, spoken the same way ---------------------------------
grep -v '^#' "$repo_root/scripts/trailer-narration.txt" | grep -v '^$' >"$work/trailer.txt"
espeak-ng -v "$voice" -s "$speed" -p "$pitch" -a "$amplitude" -f "$work/trailer.txt" -w "$work/trailer.speech.wav"
sox -R "$work/trailer.speech.wav" "$work/trailer.wav" norm -1 pad 0 0.5
rm -f "$media_dir/trailer.mp3"
lame --quiet -m m -b 32 --cbr -q 2 \
  --add-id3v2 \
  --tt "Trailer: the ML & AI Safety Update" \
  --ta "Apart Research" \
  --tl "ML & AI Safety Update" \
  --ty 2023 \
  "$work/trailer.wav" "$media_dir/trailer.mp3"

# --- Times --------------------------------------------------------------------
# hh:mm:ss.mmm for a sample count.
vtt_time() { awk -v s="$1" -v r="$rate" 'BEGIN {
  ms = int(s * 1000 / r + 0.5); h = int(ms / 3600000); ms -= h * 3600000
  m = int(ms / 60000); ms -= m * 60000
  printf "%02d:%02d:%02d.%03d", h, m, int(ms / 1000), ms % 1000 }'; }
# Seconds rounded DOWN to 0.1, so a chapter never starts after its first word.
chapter_time() { awk -v s="$1" -v r="$rate" 'BEGIN {
  t = int(s * 10 / r) / 10; if (t == int(t)) printf "%d", t; else printf "%.1f", t }'; }

starts=() # start sample of each sentence
pos=0
for i in "${!sentences[@]}"; do
  starts+=("$pos")
  pos=$((pos + total_samples[i]))
done

# --- WebVTT transcript: one cue per sentence, exactly as spoken -------------------
{
  echo "WEBVTT"
  echo
  for i in "${!sentences[@]}"; do
    echo "$((i + 1))"
    echo "$(vtt_time "${starts[$i]}") --> $(vtt_time "$((starts[i] + speech_samples[i]))")"
    printf '%s\n\n' "${sentences[$i]}"
  done
} >"$media_dir/w04.vtt"

# --- JSON Chapters 1.2.0 ----------------------------------------------------------
json_string() { # JSON-quote $1 (titles are plain text: escape \ and ")
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}
{
  echo '{'
  echo '  "version": "1.2.0",'
  echo '  "chapters": ['
  n=${#chapter_titles[@]}
  for c in "${!chapter_titles[@]}"; do
    sep=","; ((c == n - 1)) && sep=""
    printf '    {"startTime": %s, "title": %s}%s\n' \
      "$(chapter_time "${starts[${chapter_first[$c]}]}")" "$(json_string "${chapter_titles[$c]}")" "$sep"
  done
  echo '  ]'
  echo '}'
} >"$media_dir/w04.chapters.json"

# --- Artwork: 1400x1400 sRGB JPEG, gradient background, large text --------------
"$im" -size 1400x1400 gradient:'#0b2545'-'#13716b' \
  -fill '#f2b134' -draw 'rectangle 140,330 420,352' \
  -font "$font" -fill white -gravity northwest \
  -pointsize 170 -annotate +130+400 'ML & AI' \
  -pointsize 170 -annotate +130+600 'Safety' \
  -pointsize 170 -annotate +130+800 'Update' \
  -fill '#f2b134' -pointsize 88 -annotate +136+1110 'Apart Research' \
  -colorspace sRGB -type TrueColor -strip -interlace none \
  -sampling-factor 4:2:0 -quality 88 \
  "$media_dir/artwork.jpg"

# --- Episode artwork for W04: the same design, naming the episode -------------------
"$im" -size 1400x1400 gradient:'#13716b'-'#0b2545' \
  -fill '#f2b134' -draw 'rectangle 140,330 420,352' \
  -font "$font" -fill white -gravity northwest \
  -pointsize 300 -annotate +130+400 'W04' \
  -pointsize 110 -annotate +136+760 'Was ChatGPT' \
  -pointsize 110 -annotate +136+890 'a good idea?' \
  -fill '#f2b134' -pointsize 88 -annotate +136+1110 'ML & AI Safety Update' \
  -colorspace sRGB -type TrueColor -strip -interlace none \
  -sampling-factor 4:2:0 -quality 80 \
  "$media_dir/w04.jpg"

echo "Wrote:"
ls -l "$media_dir/w04.mp3" "$media_dir/w04-16k.mp3" "$media_dir/trailer.mp3" "$media_dir/w04.vtt" "$media_dir/w04.chapters.json" "$media_dir/artwork.jpg" "$media_dir/w04.jpg"
