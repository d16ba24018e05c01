"""The discussion countdown of the appraisal meeting (plain logic; the windows tick it).

Whole seconds are shown: a 3-minute countdown reads 03:00 for its first
second, 00:00 for the second after its last, then runs into overtime shown
as −00:01, −00:02 … States give the colour: normal, warning (the last
minute, configurable), final (the last 10 seconds, red) and overtime (red).
The clock is injected so that tests can move time by hand.
"""

from __future__ import annotations

import math
import time
from typing import Callable

FINAL_SECONDS = 10
MINUS = "\u2212"  # −, wider and clearer than a hyphen at a distance


class Countdown:
    def __init__(self, seconds: int = 180, *, warning: int = 60, final: int = FINAL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.duration = max(1, int(seconds))
        self.warning = warning
        self.final = final
        self.clock = clock
        self._elapsed = 0.0  # before the current run
        self._started_at: float | None = None
        self.active = False  # shown on the audience window: started since the last reset

    # ------------------------------------------------------------ control

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def set_duration(self, seconds: int) -> None:
        """A new duration; the countdown is reset."""
        self.duration = max(1, int(seconds))
        self.reset()

    def start(self) -> None:
        if not self.running:
            self._started_at = self.clock()
            self.active = True

    def pause(self) -> None:
        if self.running:
            self._elapsed += self.clock() - self._started_at
            self._started_at = None

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def reset(self) -> None:
        self._elapsed = 0.0
        self._started_at = None
        self.active = False

    # ------------------------------------------------------------ reading

    def elapsed(self) -> float:
        running = self.clock() - self._started_at if self.running else 0.0
        return self._elapsed + running

    def left(self) -> int:
        """Whole seconds left; negative in overtime."""
        return self.duration - math.floor(self.elapsed() + 1e-9)

    def state(self) -> str:
        left = self.left()
        if left < 0:
            return "overtime"
        if left <= self.final:
            return "final"
        if left <= self.warning:
            return "warning"
        return "normal"

    def text(self) -> str:
        left = self.left()
        minutes, seconds = divmod(abs(left), 60)
        return f"{MINUS if left < 0 else ''}{minutes:02d}:{seconds:02d}"
