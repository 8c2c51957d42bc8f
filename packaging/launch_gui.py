"""Frozen entry point of PioneerBoard(.exe), the windowed program: ui.main:main."""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
