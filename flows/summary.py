"""What a run did: one :class:`Summary` per batch, added up for the run (its sub-batches).

The flow returns it as a dict (``Summary.as_dict``) and the CLI prints it (``flows.report``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Summary:
    """What a run (or one of its batches) did."""

    batch_id: str
    status: str = "empty"  # empty | published | held_back (every document held back) | quarantined
    new: int = 0
    skipped: int = 0
    rejected: int = 0
    articles: int = 0
    sentences: int = 0
    indicators: int = 0
    checks: int = 0
    failed_critical: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    held_back: int = 0  # documents held back by a failed critical check (row checks: one by one)
    held: list[str] = field(default_factory=list)  # "1 document — indicators._count_nonnegative"
    retried: int = 0  # held-back documents processed again (rules changed, or released)
    outputs: dict[str, str] = field(default_factory=dict)
    batches: list[str] = field(default_factory=list)  # every batch_id of the run (sub-batches)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (CPU stages: summed CPU time)

    def as_dict(self) -> dict:
        return asdict(self)


# counts that add up over a run's batches
COUNTS = ("new", "skipped", "rejected", "articles", "sentences", "indicators", "checks", "held_back")


def aggregate(parts: list[Summary]) -> Summary:
    """One summary for the batches of a run: counts added up, quarantined if any batch was, published if
    any published, every output file listed (one per line)."""
    if len(parts) == 1:
        only = parts[0]
        only.batches = [only.batch_id]
        return only
    statuses = {p.status for p in parts}
    status = next((s for s in ("quarantined", "published", "held_back") if s in statuses), "empty")
    out = Summary(batch_id=parts[0].batch_id, status=status, batches=[p.batch_id for p in parts])
    for p in parts:
        for name in COUNTS:
            setattr(out, name, getattr(out, name) + getattr(p, name))
        out.failed_critical += [f for f in p.failed_critical if f not in out.failed_critical]
        out.warnings += [w for w in p.warnings if w not in out.warnings]
        out.held += p.held
        for name, path in p.outputs.items():
            have = out.outputs.get(name, "").split("\n") if name in out.outputs else []
            if path not in have:
                out.outputs[name] = "\n".join([*have, path])
    return out
