"""Frozen entry point of pioneer-board-cli(.exe), the console program: app.cli:main."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
