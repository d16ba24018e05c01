"""How a household is named to users, in one place.

Every grid has a 1号, so a door number alone is ambiguous: wherever a
household is named without its grid beside it (the visit diary, the
handbook's 联系农户 table, the 公示表, dialogs) it is named with the grid:
``一组 1号``, or ``张三（一组 1号）`` with the head of household. A
household in no grid is in 未分网格, said the same way everywhere.
"""

from __future__ import annotations

NO_GRID = "未分网格"


def door_label(grid_name: str | None, door_number: str | None) -> str:
    """``一组 1号``; ``未分网格 1号`` without a grid; just the grid without a door number."""
    grid = (grid_name or "").strip() or NO_GRID
    door = (door_number or "").strip()
    return f"{grid} {door}" if door else grid


def household_label(head_name: str, door_number: str | None, grid_name: str | None) -> str:
    """``张三（一组 1号）``: the head of household with the grid and door."""
    return f"{head_name}（{door_label(grid_name, door_number)}）"


def door_label_sql(grid: str, door: str) -> str:
    """``door_label`` as a portable SQL expression over the columns ``grid`` and ``door``."""
    grid_text = f"COALESCE(NULLIF(TRIM({grid}), ''), '{NO_GRID}')"
    return (f"CASE WHEN COALESCE(TRIM({door}), '') = '' THEN {grid_text}"
            f" ELSE {grid_text} || ' ' || TRIM({door}) END")
