"""``python -m lianhu_desktop`` runs the same front door as ``lianhu``."""

import sys

from lianhu_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
