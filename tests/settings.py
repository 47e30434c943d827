"""Test settings: the portal's own settings with the test's state kept apart from the demo's."""

import os
from pathlib import Path

os.environ.setdefault(
    "SWITCHBOARD_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var/test")
)
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.settings import *  # noqa: E402,F403
from portal.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: worker and sandbox processes must open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
