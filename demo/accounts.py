"""One portal sign-in per role, created (or reset) for the demo."""

from dataclasses import dataclass

from django.db import transaction

from portal.accounts.models import Role, Scope, TenantPolicy, User, self_service_choices

DEMO_TENANT = "acme"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    # Staff only: a linked account takes the name of its BroadWorks user when it signs in.
    full_name: str = ""
    apio_user_id: str = ""
    apio_group_id: str = ""
    scope_tenant: str = ""


# Each linked account is a BroadWorks user of its own: not user00001, whom the demo's
# BroadWorks sign-in is (see demo.stack). user00004 lives in acme-hq with every kind of call
# forwarding assigned, in the sandbox's demo data (20,000 users, seed 1).
DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin-demo-pass", Role.ADMIN, "Ada Admin"),
    DemoAccount(
        "helpdesk", "helpdesk-demo-pass", Role.HELPDESK, "Harry Helpdesk", scope_tenant=DEMO_TENANT
    ),
    DemoAccount(
        "supervisor", "supervisor-demo-pass", Role.SUPERVISOR,
        apio_user_id="supervisor1@acme.example", apio_group_id="acme-hq",
    ),
    DemoAccount(
        "enduser", "enduser-demo-pass", Role.END_USER,
        apio_user_id="user00004@acme.example", apio_group_id="acme-hq",
    ),
)  # fmt: skip


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        if account.full_name:
            user.first_name, _, user.last_name = account.full_name.partition(" ")
        user.role = account.role
        user.apio_user_id = account.apio_user_id
        user.apio_tenant_id = DEMO_TENANT if account.apio_user_id else ""
        user.apio_group_id = account.apio_group_id
        user.is_staff = user.is_superuser = account.role == Role.ADMIN
        user.set_password(account.password)
        user.save()
        if account.scope_tenant:
            Scope.objects.get_or_create(user=user, tenant_id=account.scope_tenant, group_id="")
    allow_every_self_service_feature(DEMO_TENANT)
    return list(DEMO_ACCOUNTS)


def allow_every_self_service_feature(tenant_id: str) -> None:
    """The demo shows every end-user screen: a new tenant's policy allows call forwarding only."""
    every = [key for key, _title in self_service_choices()]
    TenantPolicy.objects.update_or_create(
        tenant_id=tenant_id, defaults={"end_user_features": every}
    )
