"""A misbehaving HTTP server on 127.0.0.1 and fetch settings that allow only that address."""

from __future__ import annotations

import sys

import pytest

from ingest.fetch import FetchConfig
from ingest.fetch_state import FetchState
from ingest.netguard import AddressPolicy
from tests.ingest.web_server import FaultServer

CONNECTS: list | None = None  # socket.connect addresses while a test records them


def _audit(event: str, args) -> None:
    if event == "socket.connect" and CONNECTS is not None:
        CONNECTS.append(args[1])


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside `connects`


@pytest.fixture
def connects():
    """Every address this process opens a socket to during the test (Python's audit events, not a mock)."""
    global CONNECTS
    CONNECTS = []
    yield CONNECTS
    CONNECTS = None


@pytest.fixture(scope="module")
def server():
    with FaultServer() as srv:
        yield srv


def fetch_config(**overrides) -> FetchConfig:
    values = dict(host_interval=0.0, connect_timeout=1.0, read_timeout=1.0, deadline=3.0, backoff=0.05,
                  retries=3, max_retry_after=5.0, policy=AddressPolicy.parse("127.0.0.1"))
    return FetchConfig(**{**values, **overrides})



@pytest.fixture
def state(tmp_path):
    st = FetchState(tmp_path / "data")
    yield st
    st.close()
