"""Every read of APIO a screen makes: where a user lives, their profile, services and settings.

What is cached here is forgotten when a change to that user is applied (the outbox's
`changes_applied` signal) and on demand (`forget_user`), so that no screen shows a value the
portal itself has changed since. Only the push reads APIO otherwise (it must see the platform's
value of the moment) and sign-in asks APIO who a person is.
"""

from portal.reads.together import side_by_side
from portal.reads.users import (
    ServiceState,
    SettingsReading,
    UserSummary,
    forget_user,
    get_profile,
    get_services,
    lives_in,
    read_settings,
    user_announcements,
)

__all__ = [
    "ServiceState",
    "SettingsReading",
    "UserSummary",
    "forget_user",
    "get_profile",
    "get_services",
    "lives_in",
    "read_settings",
    "side_by_side",
    "user_announcements",
]
