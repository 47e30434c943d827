"""Ids that no path can address: "." and ".." never reach APIO, from a portal URL or otherwise.

A tenant, group, user or call-center id of "." or ".." would make APIO paths such as
…/groups/acme-hq/users/../ , which every server and proxy on the way reads as "the group": the
portal's URLs refuse such ids (404) and `paths.segment` never emits one.
"""

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from portal.apio import paths
from portal.apio.client import get_client
from portal.core import UserRef
from tests.accounts.people import platform_admin

DOTS = [".", ".."]


@pytest.mark.parametrize("dots", DOTS)
def test_a_dot_segment_is_never_emitted(dots):
    with pytest.raises(ValueError, match="cannot be an APIO path segment"):
        paths.segment(dots)


@pytest.mark.parametrize(
    "build",
    [
        lambda d: paths.tenant(d),
        lambda d: paths.group("acme", d),
        lambda d: paths.group_users("acme", d),
        lambda d: paths.user(UserRef("acme", "acme-hq", d)),
        lambda d: paths.user_service(UserRef(d, "acme-hq", "alice@acme.example"), "cfa"),
        lambda d: paths.criteria(UserRef("acme", "acme-hq", "a@acme.example"), "cfs", d),
        lambda d: paths.call_center_agents("acme", "acme-hq", d),
        lambda d: paths.supervised_agents("acme", "acme-hq", "cc@acme.example", d),
        lambda d: paths.meet_me_conference(UserRef("acme", "acme-hq", "a@acme.example"), "b", d),
    ],
)
@pytest.mark.parametrize("dots", DOTS)
def test_no_path_builder_lets_one_through(build, dots):
    with pytest.raises(ValueError):
        build(dots)


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("a.b@acme.example", "a.b@acme.example"),
        ("...", "..."),
        (".hidden", ".hidden"),
        ("evil/zed?x#y@acme.example", "evil%2Fzed%3Fx%23y@acme.example"),
        ("%2e%2e", "%252e%252e"),
    ],
)
def test_other_ids_are_encoded_as_one_segment(value, segment):
    assert paths.segment(value) == segment


USER_IDS = ("acme", "acme-hq", "alice@acme.example")
SECTION = (*USER_IDS, "call-forwarding", "always")
# Every portal URL that takes tenant, group, user or call-center ids: (name, args, how many ids).
ID_URLS = [
    ("directory:user_detail", USER_IDS, 3),
    ("accounts:act_as_start", USER_IDS, 3),
    ("features:feature", (*USER_IDS, "call-forwarding"), 3),
    ("features:section", SECTION, 3),
    ("features:section_block", SECTION, 3),
    ("features:section_rows", SECTION, 3),
    ("supervision:agent_list", ("cc@acme.example",), 1),
    ("supervision:group", ("acme", "acme-hq"), 2),
    ("supervision:call_center", ("acme", "acme-hq", "cc@acme.example"), 3),
]
CASES = [
    pytest.param(name, args, position, dots, id=f"{name}-{position}-{dots}")
    for name, args, ids in ID_URLS
    for position in range(ids)
    for dots in DOTS
]


def _path_with(name, args, position, segment):
    """The URL of `name` with the id at `position` spelled `segment`."""
    parts = reverse(name, args=args).split("/")
    parts[parts.index(args[position])] = segment
    return "/".join(parts)


@pytest.mark.parametrize(("name", "args", "position", "dots"), CASES)
def test_portal_urls_refuse_dot_ids(name, args, position, dots):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=[dots if i == position else a for i, a in enumerate(args)])
    with pytest.raises(Resolver404):
        resolve(_path_with(name, args, position, dots))


@pytest.mark.parametrize(("name", "args", "position", "dots"), CASES)
def test_a_dot_id_is_a_404_that_never_asks_apio(
    client, db, monkeypatch, name, args, position, dots
):
    asked = []
    monkeypatch.setattr(get_client(), "request", lambda *a, **k: asked.append(a))
    client.force_login(platform_admin())
    # Percent-encoded, as a browser would send it rather than resolve it itself.
    path = _path_with(name, args, position, "%2E" * len(dots))
    method = client.post if name == "accounts:act_as_start" else client.get
    assert method(path).status_code == 404
    assert asked == []


def test_ids_with_other_dots_still_resolve():
    args = ("acme", "acme-hq", "a.b@acme.example")
    url = reverse("directory:user_detail", args=args)
    assert resolve(url).kwargs == dict(zip(("tenant_id", "group_id", "user_id"), args, strict=True))
