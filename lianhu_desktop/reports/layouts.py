"""The layouts each printable document offers: names, Chinese labels and defaults.

Data only and cheap to import (no reportlab, no font): the catalog, the
CLI's help and the Print Center list them without loading a PDF builder;
each builder takes its choices from here.
"""

from __future__ import annotations

from lianhu_desktop.reports.geometry import CARD_LAYOUTS, DOORPLATE_LAYOUTS

DOORPLATE = {name: geometry.label for name, geometry in DOORPLATE_LAYOUTS.items()}
DOORPLATE_DEFAULT = "a4-2"
CARD = {name: geometry.label for name, geometry in CARD_LAYOUTS.items()}
CARD_DEFAULT = "a4-10"
HANDBOOK = {"a5": "A5 小册子（每人一本）", "a4": "A4（每人一本）"}
HANDBOOK_DEFAULT = "a5"
CONTACTBOOK = {"a5": "A5（逐页）", "a4": "A4（逐页）", "booklet": "A5 骑马钉小册子（A4 横向双面，对折装订）"}
CONTACTBOOK_DEFAULT = "booklet"


# How a two-sided document turns over (what the printer's duplex setting must be).
DUPLEX = {"long": "双面打印（长边翻转）", "short": "双面打印（短边翻转）"}
