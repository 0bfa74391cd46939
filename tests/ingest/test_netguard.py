"""The address guard refuses every non-public address class, and only the allow list exempts one."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from ingest.netguard import AddressPolicy, BlockedAddress, resolve_public


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.0.0.1", "private"), ("192.168.1.20", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "cloud metadata"), ("100.100.100.200", "cloud metadata"),
    ("fd00:ec2::254", "cloud metadata"), ("169.254.10.10", "link-local"), ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("::ffff:10.0.0.1", "private"), ("100.64.0.1", "not a public address"), ("fc00::1", "private"),
])
def test_non_public_addresses_are_refused(address, why):
    assert why in AddressPolicy().refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "114.114.114.114"])
def test_public_addresses_pass(address):
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) is None


def test_allow_list_exempts_exactly_what_it_names():
    policy = AddressPolicy.parse("127.0.0.1, 10.1.0.0/16")
    assert policy.refusal(ipaddress.ip_address("127.0.0.1")) is None
    assert policy.refusal(ipaddress.ip_address("10.1.2.3")) is None
    assert policy.refusal(ipaddress.ip_address("127.0.0.2")) is not None
    assert policy.refusal(ipaddress.ip_address("169.254.169.254")) is not None


def test_bad_allow_entry_is_a_clear_error():
    with pytest.raises(ValueError, match="'localhost' is not an IP address or network"):
        AddressPolicy.parse("127.0.0.1,localhost")


def test_literal_address_is_refused_without_a_dns_lookup():
    with pytest.raises(BlockedAddress, match=r"^169\.254\.169\.254 is a cloud metadata address; refused"):
        asyncio.run(resolve_public("169.254.169.254", 80, AddressPolicy()))
