"""What every benchmark stands on, imported first: the project on the import path, and Django
set up on the demo settings (unless DJANGO_SETTINGS_MODULE says otherwise), in a folder of its
own and without DEBUG's query log, as in production."""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("SWITCHBOARD_VAR_DIR", tempfile.mkdtemp(prefix="switchboard-bench-"))
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

import django  # noqa: E402

django.setup()
