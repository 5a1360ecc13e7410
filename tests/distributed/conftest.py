"""A local Ray instance for the engine tests: two workers, a small object store, shut
down after the module. Without Ray installed they skip, or fail where
WORKBENCH_REQUIRE_RAY=1 (.ci/run sets it, as `make test` installs the ray extra from
requirements.lock): CI cannot pass with them skipped."""

from __future__ import annotations

import os

import pytest

REQUIRE = "WORKBENCH_REQUIRE_RAY"


def ray_or_skip():
    try:
        import ray
    except ImportError:
        if os.environ.get(REQUIRE, "") not in ("", "0"):
            pytest.fail(f"ray is not installed, and {REQUIRE} is set", pytrace=False)
        pytest.skip("ray is not installed (pip install 'workbench[ray]')")
    return ray


@pytest.fixture(scope="module")
def ray_engine():
    ray_or_skip()
    from workbench.distributed import RayEngine

    with RayEngine(cpus=2, object_store=100 * 1024 * 1024) as engine:
        yield engine
