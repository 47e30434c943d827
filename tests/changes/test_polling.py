"""How often a page asks whether a change is done comes from the settings, in htmx's words."""

import pytest

from portal.changes.templatetags.polling import poll_interval


@pytest.mark.parametrize(
    ("status", "rules", "status_words", "rules_words"),
    [(1.0, 2.0, "1s", "2s"), (0.25, 0.5, "250ms", "500ms"), (1.5, 3, "1500ms", "3s")],
)
def test_each_interval_is_written_as_htmx_reads_it(
    settings, status, rules, status_words, rules_words
):
    settings.CHANGES_STATUS_POLL_SECONDS = status
    settings.CHANGES_RULES_POLL_SECONDS = rules
    assert poll_interval("status") == status_words
    assert poll_interval("rules") == rules_words


def test_pages_ask_every_second_and_lists_of_rules_every_two_by_default():
    from portal import settings as production

    assert production.CHANGES_STATUS_POLL_SECONDS == 1
    assert production.CHANGES_RULES_POLL_SECONDS == 2
