"""The audit log: one line per change a user makes, in Chinese."""

from __future__ import annotations

from lianhu_desktop.store.models import AuditLog


def record(action: str, row=None, summary: str = "") -> None:
    """Write one audit line; call inside the transaction of the change itself."""
    AuditLog.create(
        action=action,
        table=row._meta.table_name if row is not None else "",
        row_uuid=row.uuid if row is not None else "",
        summary=summary,
    )
