# Shared by the report tests (sourced after tests/setup):
#   html_renders PAGE.html SHOT.png [MIN_BAR_PIXELS]
# screenshots the page in headless Chromium (1000 x 1400) and checks that
# the image is not blank, shows text and, given MIN_BAR_PIXELS, at least
# that many pixels of the reports' bar colour #4a7fc1.  Status 0 when it
# rendered, 1 when not (the end of Chromium's log shown), 2 when chromium
# or Pillow is missing.
html_renders() {
    command -v chromium >/dev/null 2>&1 && /usr/bin/python3 -c 'import PIL' 2>/dev/null || return 2
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/chrome" --window-size=1000,1400 --screenshot="$2" "file://$1" \
        >"$2.log" 2>&1 || true
    /usr/bin/python3 - "$2" "${3:-0}" <<'PYEOF' && return 0
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
assert im.size == (1000, 1400), im.size
colours = im.getcolors(maxcolors=1 << 20)
assert colours is not None and len(colours) > 50, "the page looks blank"
dark = sum(c for c, rgb in colours if sum(rgb) < 200)
assert dark > 2000, "no text drawn"
bars = sum(c for c, rgb in colours if rgb == (0x4a, 0x7f, 0xc1))
assert bars >= int(sys.argv[2]), "no bars drawn (%d pixels)" % bars
print("rendered", im.size, len(colours), "colours")
PYEOF
    tail -5 "$2.log"
    return 1
}
