"""Entry script of the frozen bundle: the same ``main`` as the ``wuye-desktop`` console script."""

import sys

from wuye_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
