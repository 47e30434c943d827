"""The French and Dutch catalogues: complete, compiled, and spoken by the pages."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.accounts.people import helpdesk

LANGUAGES = ("fr", "nl")
LOCALE = Path(settings.BASE_DIR) / "locale"
# What `make messages` gathers the strings from, with the same options.
SOURCES = ("portal", "templates")
IGNORED = ["sandbox", "__pycache__", "migrations"]


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def gathered_anew(tmp_path_factory) -> Path:
    """The catalogues as `makemessages` leaves them over today's sources, in a copy."""
    copy = tmp_path_factory.mktemp("messages")
    for source in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / source, copy / source, ignore=shutil.ignore_patterns(*IGNORED)
        )
    shutil.copytree(LOCALE, copy / "locale")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command(
            "makemessages",
            locale=list(LANGUAGES),
            ignore_patterns=IGNORED,
            no_obsolete=True,
            verbosity=0,
        )
    return copy / "locale"


def statistics(po: Path) -> str:
    """msgfmt's count: "N translated messages", then how many are fuzzy or untranslated."""
    checked = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        check=True,
        capture_output=True,
        text=True,
    )
    return checked.stderr.strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_makemessages_leaves_nothing_untranslated(gathered_anew, language):
    counted = statistics(gathered_anew / language / "LC_MESSAGES" / "django.po")

    assert counted.endswith("translated messages.")
    assert "fuzzy" not in counted
    assert "untranslated" not in counted


# makemessages finds a string by the name it is called with: `_`, or a translation function's
# own name. Under any other alias (`gettext_lazy as _lazy`) its strings are never gathered.
OTHER_ALIAS = re.compile(r"from django\.utils\.translation import .*\b\w*gettext\w* as (?!_\b)\w+")


def test_every_translation_function_is_called_by_a_name_makemessages_knows():
    aliased = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in sorted((settings.BASE_DIR / "portal").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if OTHER_ALIAS.search(line)
    ]
    assert aliased == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_one_written(tmp_path, language):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(catalogue(language))], check=True)

    with compiled.open("rb") as fresh, catalogue(language).with_suffix(".mo").open("rb") as kept:
        assert gettext.GNUTranslations(kept)._catalog == gettext.GNUTranslations(fresh)._catalog


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_browser_language_chooses_the_words(client, db, language):
    client.force_login(helpdesk("hd-words", "acme"))

    page = client.get(reverse("directory:user_search"), headers={"accept-language": language})

    with translation.override(language):
        heading = translation.gettext("Find a user")
    assert heading != "Find a user"
    html = page.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{escape(heading)}</h1>" in html


# A Jinja2 template's words, as `makemessages` reads them (`_("...")`, as in Django's language).
JINJA_WORDS = re.compile(r"""\b_\(("[^"]*"|'[^']*')\)""")


def jinja_words() -> set[str]:
    templates = (Path(settings.BASE_DIR) / "templates" / "jinja2").rglob("*.html")
    return {found[1:-1] for path in templates for found in JINJA_WORDS.findall(path.read_text())}


@pytest.mark.parametrize("language", LANGUAGES)
def test_makemessages_gathers_the_words_of_jinja_templates(gathered_anew, tmp_path, language):
    compiled = tmp_path / "django.mo"
    gathered = gathered_anew / language / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "-o", str(compiled), str(gathered)], check=True)
    with compiled.open("rb") as mo:
        translated = gettext.GNUTranslations(mo)._catalog

    words = jinja_words()

    assert "Conference ID %(id)s" in words
    assert sorted(words - translated.keys()) == []
