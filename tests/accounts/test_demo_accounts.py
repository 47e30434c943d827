"""The demo's sign-ins: each linked account is a BroadWorks user of its own, who exists."""

import re
from functools import cache

from demo.accounts import DEMO_ACCOUNTS, DEMO_TENANT, ensure_demo_accounts
from demo.stack import print_banner
from portal.accounts.models import (
    Role,
    TenantPolicy,
    User,
    end_user_features,
    self_service_choices,
)
from portal.sandbox import catalog
from portal.sandbox.__main__ import parse_args
from portal.sandbox.demo_data import generate

LINKED = [account for account in DEMO_ACCOUNTS if account.apio_user_id]


@cache
def demo_data() -> dict[str, list[tuple]]:
    """The sandbox's data as the demo starts it (its default user count and seed)."""
    defaults = parse_args([])
    return generate(defaults.seed, defaults.users)


def broadworks_sign_in_of_the_banner(capsys) -> str:
    print_banner("127.0.0.1:8000", DEMO_ACCOUNTS)
    banner = capsys.readouterr().out
    after = banner.split("signs in with their own BroadWorks id", 1)[1]
    return re.search(r"(\S+@\S+) /", after).group(1)


def test_no_demo_account_is_the_broadworks_sign_in_the_banner_offers(db, capsys):
    ensure_demo_accounts()
    broadworks_id = broadworks_sign_in_of_the_banner(capsys)

    linked = User.objects.exclude(apio_user_id="").values_list("apio_user_id", flat=True)
    assert broadworks_id.lower() not in {user_id.lower() for user_id in linked}
    # Nor do two demo accounts share a BroadWorks user.
    assert len({user_id.lower() for user_id in linked}) == len(LINKED)


def test_linked_demo_accounts_live_where_they_say_with_what_they_need():
    tables = demo_data()
    users = {row[0]: row for row in tables["users"]}
    services: dict[str, set[str]] = {}
    for user_id, name in tables["user_services"]:
        services.setdefault(user_id, set()).add(name)
    supervisors = {supervisor for _, supervisor in tables["cc_supervisors"]}

    for account in LINKED:
        row = users[account.apio_user_id]
        assert (row[1], row[2]) == (DEMO_TENANT, account.apio_group_id), account.username
        if account.role == Role.END_USER:
            # End users change their own call forwarding: the demo user must have it.
            assert catalog.CFA in services[account.apio_user_id], account.username
        if account.role == Role.SUPERVISOR:
            assert account.apio_user_id in supervisors, account.username


def test_the_demo_tenants_end_users_may_change_every_self_service_feature(db):
    ensure_demo_accounts()
    allowed = end_user_features(DEMO_TENANT)
    assert allowed == [key for key, _title in self_service_choices()]
    # The screens a reviewer looks for, not only call forwarding.
    assert {"do-not-disturb", "selective-call-rejection", "sequential-ring"} <= set(allowed)
    # Running the demo again keeps one policy, not a second one.
    ensure_demo_accounts()
    assert TenantPolicy.objects.filter(tenant_id=DEMO_TENANT).count() == 1
