"""Hostile file names, symlinks out of the inbox, nothing written outside the data dir; a damaged
warehouse is reported in one line and ``zhibiao rebuild`` recreates it from the published data."""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEEDS, run, warehouse_rows
from tests.reliability import state

pytestmark = pytest.mark.usefixtures("prefect_harness")

NAMES = ["..dotdot.txt", "a..b.txt", "with space.txt", "new\nline.txt", "$(touch pwned);`id`|&.txt",
         "'quote\".txt", "-rf.txt", "中文 名.txt"]


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("paths")
    inbox, outside = root / "inbox", root / "outside"
    inbox.mkdir()
    outside.mkdir()
    seed = next(SEEDS.glob("*.txt")).read_bytes()
    (inbox / NAMES[0]).write_bytes(seed)  # hidden (leading dot): skipped like every dot file
    for i, name in enumerate(NAMES[1:]):
        (inbox / name).write_text(f"第{i}号文件。重庆市地区生产总值增长{i + 1}.5%。\n", "utf-8")
    (outside / "secret.txt").write_bytes(seed)
    os.symlink(outside / "secret.txt", inbox / "link.txt")
    os.symlink(outside, inbox / "linkdir")
    return root, inbox


@pytest.fixture(scope="module")
def first(workspace):
    root, inbox = workspace
    before = {p: _tree(root / p) for p in ("inbox", "outside")} | {"root": sorted(os.listdir(root))}
    summary = run(inbox, root / "data")
    after = {p: _tree(root / p) for p in ("inbox", "outside")} | {"root": sorted(os.listdir(root))}
    return summary, before, after


def test_hostile_names_are_accounted_for_and_nothing_is_written_outside(first, workspace):
    root, _ = workspace
    summary, before, after = first
    assert summary["status"] == "published"
    data = root / "data"
    assert before["inbox"] == after["inbox"] and before["outside"] == after["outside"]
    assert after["root"] == sorted([*before["root"], "data"])
    docs = {r[0] for r in warehouse_rows(data, "SELECT source FROM documents")}
    rejected = dict(state.warehouse(data)["rejected"])
    assert docs == set(NAMES[1:])
    assert rejected["link.txt"] == "symlink outside inbox"
    assert not (root / "pwned").exists() and not (data / "pwned").exists()


def test_damaged_warehouse_is_reported_and_rebuilt(first, workspace):
    root, inbox = workspace
    data = root / "data"
    want = state.warehouse(data)
    published = state.published(data)
    (data / "warehouse.duckdb").write_bytes(b"\x00garbage" * 5000)
    runner = CliRunner()

    res = runner.invoke(app, ["run", "--inbox", str(inbox), "--data-dir", str(data)])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "zhibiao rebuild" in lines[0] and "Traceback" not in res.output

    res = runner.invoke(app, ["rebuild", "--data-dir", str(data)])
    assert res.exit_code == 0, res.output
    assert list(data.glob("warehouse.duckdb.corrupt-*"))
    got = state.warehouse(data)
    for key in ("documents", "indicators", "articles", "sentences", "published_batches"):
        assert got[key] == want[key], key
    assert state.published(data) == published
    shutil.rmtree(data / "published" / "_manifests")  # a rebuild needs the manifests: nothing is guessed
    res = runner.invoke(app, ["rebuild", "--data-dir", str(data)])
    assert res.exit_code == 2 and "nothing was changed" in res.stderr
    assert state.warehouse(data) == got
