"""Flaky mode: a seeded share of registration POSTs fail or stall, to prove a robot's retries.

The n-th registration POST since start always gets the same fate for the same seed and share,
whatever the threads do: the fate is drawn from ``Random(f"{seed}:{n}")``, and only the counter
is shared (under a lock). Three faults, equally likely among the affected POSTs:

- ``before``: answer 503 before saving anything;
- ``after``: save the row, then answer 503 anyway (the robot must not register it twice);
- ``slow``: sleep 1–3 s, then answer normally.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

__all__ = ["FAULTS", "Fault", "Flaky"]

FAULTS = ("before", "after", "slow")


@dataclass(frozen=True)
class Fault:
    """What happens to one POST: ``kind`` is one of ``FAULTS`` (``delay`` in seconds for ``slow``)."""

    kind: str
    delay: float = 0.0


@dataclass
class Flaky:
    """Decides the fate of each registration POST; ``share`` 0 means never."""

    share: float = 0.0
    seed: int = 0
    delay_range: tuple[float, float] = (1.0, 3.0)
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def draw(self) -> Fault | None:
        """The fate of the next POST: None (normal) or a Fault."""
        if self.share <= 0:
            return None
        with self._lock:
            self._count += 1
            n = self._count
        rng = random.Random(f"{self.seed}:{n}")
        if rng.random() >= self.share:
            return None
        kind = FAULTS[rng.randrange(len(FAULTS))]
        low, high = self.delay_range
        return Fault(kind, rng.uniform(low, high) if kind == "slow" else 0.0)
