"""A run's summary: its batches' counts added up, the worst status, every output listed."""

from __future__ import annotations

from flows.summary import Summary, aggregate


def test_aggregate_adds_counts_and_lists_every_output():
    a = Summary(batch_id="b1", status="published", new=2, indicators=5, checks=3,
                outputs={"indicators": "p/b1.parquet", "warehouse": "w.duckdb"})
    b = Summary(batch_id="b2", status="quarantined", new=1, indicators=1, checks=3, failed_critical=["x"],
                outputs={"quarantine": "q/b2", "warehouse": "w.duckdb"})
    c = Summary(batch_id="b3", skipped=4, rejected=1)
    s = aggregate([a, b, c])
    assert (s.status, s.new, s.skipped, s.rejected, s.indicators, s.checks) == ("quarantined", 3, 4, 1, 6, 6)
    assert s.batches == ["b1", "b2", "b3"] and s.failed_critical == ["x"]
    assert s.outputs == {"indicators": "p/b1.parquet", "warehouse": "w.duckdb", "quarantine": "q/b2"}


def test_one_batch_is_its_own_summary():
    only = Summary(batch_id="b1", status="held_back", held_back=2, held=["2 documents — x"])
    assert aggregate([only]) is only and only.batches == ["b1"]


def test_published_wins_over_held_back_and_empty():
    parts = [Summary(batch_id="b1", status="held_back"), Summary(batch_id="b2", status="published"),
             Summary(batch_id="b3")]
    assert aggregate(parts).status == "published"
    assert aggregate([Summary(batch_id="e1"), Summary(batch_id="e2")]).status == "empty"


def test_as_dict_has_every_field_the_cli_prints():
    d = Summary(batch_id="b").as_dict()
    assert {"batch_id", "status", "new", "skipped", "rejected", "articles", "sentences", "indicators", "checks",
            "failed_critical", "warnings", "held", "outputs", "retried"} <= set(d)
