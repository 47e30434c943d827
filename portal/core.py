"""Names the whole portal shares, free of HTTP, Django models and forms."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UserRef:
    """Where a BroadWorks user lives: the three ids every user path needs."""

    tenant_id: str
    group_id: str
    user_id: str
