"""SSRF guard: refuse hosts that resolve to private, loopback, link-local, metadata or other non-public addresses.

The check runs on what the hostname resolves to, before any connection is opened, and again for every
redirect hop. Every resolved address must pass (an attacker's DNS may return a public and a private one).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance-metadata endpoints (AWS/GCP/Azure, AWS IPv6, Alibaba Cloud), named so the refusal says why.
_METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")}


class BlockedAddress(Exception):
    """The URL's host is not a public address; nothing was sent to it."""


@dataclass(frozen=True)
class AddressPolicy:
    """Addresses or networks exempt from the guard (tests allow 127.0.0.1 only)."""

    allowed: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> AddressPolicy:
        """'127.0.0.1, 10.1.0.0/16' -> a policy; a bad entry is a clear error naming it."""
        nets = []
        for entry in (spec or "").replace(";", ",").split(","):
            if entry.strip():
                try:
                    nets.append(ipaddress.ip_network(entry.strip(), strict=False))
                except ValueError as exc:
                    raise ValueError(f"DEBTLENS_FETCH__ALLOW_ADDRESSES: {entry.strip()!r} is not an IP address "
                                     "or network (use e.g. 127.0.0.1 or 10.0.0.0/8)") from exc
        return cls(tuple(nets))

    def refusal(self, ip: IPAddress) -> str | None:
        """Why `ip` may not be contacted, or None when it may."""
        if any(ip in net for net in self.allowed):
            return None
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            return self.refusal(ip.ipv4_mapped)
        if ip in _METADATA:
            return "a cloud metadata address"
        for label, flag in (("an unspecified", ip.is_unspecified), ("a loopback", ip.is_loopback),
                            ("a link-local", ip.is_link_local), ("a multicast", ip.is_multicast),
                            ("a private", ip.is_private), ("a reserved", ip.is_reserved)):
            if flag:
                return f"{label} address"
        return None if ip.is_global else "not a public address"


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve_public(host: str, port: int, policy: AddressPolicy) -> str:
    """The address to connect to; raises BlockedAddress if `host` (or anything it resolves to) is refused."""
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise OSError(f"cannot resolve host {host!r} ({exc.strerror})") from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    for ip in addresses:
        why = policy.refusal(ip)
        if why:
            shown = host if literal is not None else f"{host} ({ip})"
            raise BlockedAddress(f"{shown} is {why}; refused before connecting "
                                 "(allow it with DEBTLENS_FETCH__ALLOW_ADDRESSES if intended)")
    return str(addresses[0])
