"""Feed URLs given over the API or the studio may not point at the server's own network."""

from __future__ import annotations

import pytest

from pressroom.trends.feeds import is_private_host


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST.",
        "api.localhost",
        "127.0.0.1",
        "127.1",
        "2130706433",
        "0x7f.0.0.1",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "[::1]",
        "::ffff:127.0.0.1",
        "fc00::1",
        "fe80::1",
        "metadata.google.internal",
        "printer.local",
        "router.home.arpa",
    ],
)
def test_local_and_private_hosts_are_recognised(host: str) -> None:
    assert is_private_host(host)


@pytest.mark.parametrize(
    "host", ["example.com", "feeds.example", "8.8.8.8", "93.184.216.34", "2606:4700::1111"]
)
def test_public_hosts_pass(host: str) -> None:
    assert not is_private_host(host)
