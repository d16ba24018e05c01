"""联户通 — offline desktop program for the 党员联户 system."""

__version__ = "0.1.0"
APP_NAME = "联户通"
APP_ID = "lianhu_desktop"
