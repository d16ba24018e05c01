"""The bundle's entry point, shared by both executables: the CLI's front door
(with no command it opens the window)."""

import sys

from lianhu_desktop.cli import main

sys.exit(main())
