"""The portal's settings for the demo: its SQLite file shared by web, worker and beat.

The product runs on Django's own database backends; here the default SQLite database goes
through `demo.sqlite`, whose writers queue on a file lock instead of SQLite's sleep-and-retry.
"""

from portal.settings import *  # noqa: F403
from portal.settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "demo.sqlite"
