"""resources/icons/wuye-desktop-256.png → a multi-size .ico for setup.exe and the shortcuts."""

import sys

from PIL import Image

src, dst = sys.argv[1], sys.argv[2]
Image.open(src).convert("RGBA").save(dst, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                                 (128, 128), (256, 256)])
