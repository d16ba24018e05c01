"""A QWizardPage whose 下一步 waits on a condition the wizard supplies.

Designer forms promote their pages to ``GuardedPage`` so the wizard can say
when a page is complete without a subclass per page.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWizardPage


class GuardedPage(QWizardPage):
    """``ready()`` (set by the owner) decides whether the page is complete."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ready: Callable[[], bool] | None = None

    def isComplete(self) -> bool:
        return super().isComplete() and (self.ready is None or bool(self.ready()))

    def recheck(self) -> None:
        """Ask the wizard to look at ``ready()`` again."""
        self.completeChanged.emit()
