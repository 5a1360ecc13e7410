"""`workbench build --engine ray` on a local Ray instance with two workers: extraction on
Ray actors (one spaCy model each), grouping scored by story block and clustered by
component as Ray tasks, the database written by the driver. What it builds equals the
default build, row for row."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.db import connect
from workbench.db.check import contents
from workbench.group import partition

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ECB = ROOT.parent / "shared" / "data" / "ecbplus"


def _pid(_state, x):
    return os.getpid(), x * x


def _broken_setup():
    raise RuntimeError("no model on this node")


def _keep_by_value():
    """Workers cannot import this test module: its functions travel by value."""
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


def test_work_runs_on_two_workers_and_comes_back_in_order(ray_engine):
    _keep_by_value()
    assert ray_engine.workers == 2
    out = list(ray_engine.map(_pid, range(16), setup=os.getpid))
    assert [x for _, x in out] == [k * k for k in range(16)]
    pids = {pid for pid, _ in out}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_worker_that_cannot_start_is_one_line(ray_engine):
    from workbench.distributed import EngineError

    _keep_by_value()
    with pytest.raises(EngineError) as caught:
        list(ray_engine.map(_pid, range(4), setup=_broken_setup))
    assert str(caught.value).startswith("a Ray worker could not start: ")
    assert "no model on this node" in str(caught.value)
    assert "\n" not in str(caught.value)


def ecb_topics(tmp_path: Path) -> Path:
    """ECB+ topics 1 and 2 (60 articles, about 570 claims, enough for stories) as JSONL."""
    from workbench.evaluate.ecbplus import read_corpus

    if not ECB.is_dir():
        pytest.skip("../shared/data/ecbplus not present")
    corpus = read_corpus(ECB, {"1", "2"})
    path = tmp_path / "ecb.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name, doc in sorted(corpus.documents.items()):
            out.write(json.dumps({"id": name, "text": doc.text()}) + "\n")
    return path


def test_build_on_ray_equals_the_default_build(ray_engine, tmp_path, monkeypatch):
    from workbench.distributed import RayEngine

    # small blocks, so that even 60 articles are grouped in several parts
    monkeypatch.setattr(partition, "MIN_BLOCK_PAIRS", 500)
    monkeypatch.setattr(partition, "MIN_PART_EDGES", 50)
    calls: dict[str, int] = {}
    real_map = RayEngine.map

    def counted(self, fn, args, **kw):
        for result in real_map(self, fn, args, **kw):
            calls[fn.__name__] = calls.get(fn.__name__, 0) + 1
            yield result

    monkeypatch.setattr(RayEngine, "map", counted)
    ecb = ecb_topics(tmp_path)
    built = {}
    for name, options in (("default", ["--jobs", "1"]), ("ray", ["--engine", "ray"])):
        db_path = tmp_path / f"{name}.db"
        # two builds, the second adding to the first: regrouping with groups in place
        for source in (SEEDS, ecb):
            result = CliRunner().invoke(cli, ["--db", str(db_path), "build", *options,
                                              str(source)])
            assert result.exit_code == 0, result.output
        db = connect(db_path)
        built[name] = contents(db)
        db.conn.close()
    assert calls["extract_chunk"] >= 8  # 65 articles in chunks of 8, over two builds
    assert calls["_score"] >= 2 and calls["_link"] >= 2  # grouping really cut up
    default, ray = built["default"], built["ray"]
    assert len(default["claims"]) > 600 and len(default["groups"]) > 400
    for table in default:
        assert ray[table] == default[table], table
