"""Sub-command groups of the CLI beyond the core ones in ``cli.py``.

Each module exposes ``register(subparsers)``; it adds its sub-commands and
sets ``func`` on each, a function ``(args) -> int`` that parses nothing more,
calls one core function and prints. ``cli.py`` lists the modules.
"""
