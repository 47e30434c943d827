"""One portal sign-in per role, created (or reset) for the demo."""

from dataclasses import dataclass

from django.db import transaction

from portal.accounts.models import Role, Scope, User

DEMO_TENANT = "acme"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    full_name: str
    apio_user_id: str = ""
    apio_group_id: str = ""
    scope_tenant: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin-demo-pass", Role.ADMIN, "Ada Admin"),
    DemoAccount(
        "helpdesk", "helpdesk-demo-pass", Role.HELPDESK, "Harry Helpdesk", scope_tenant=DEMO_TENANT
    ),
    DemoAccount(
        "supervisor", "supervisor-demo-pass", Role.SUPERVISOR, "Sue Supervisor",
        apio_user_id="supervisor1@acme.example", apio_group_id="acme-hq",
    ),
    DemoAccount(
        "enduser", "enduser-demo-pass", Role.END_USER, "Eve User",
        apio_user_id="user00001@acme.example", apio_group_id="acme-hq",
    ),
)  # fmt: skip


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        first, _, last = account.full_name.partition(" ")
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name, user.last_name = first, last
        user.role = account.role
        user.apio_user_id = account.apio_user_id
        user.apio_tenant_id = DEMO_TENANT if account.apio_user_id else ""
        user.apio_group_id = account.apio_group_id
        user.is_staff = user.is_superuser = account.role == Role.ADMIN
        user.set_password(account.password)
        user.save()
        if account.scope_tenant:
            Scope.objects.get_or_create(user=user, tenant_id=account.scope_tenant, group_id="")
    return list(DEMO_ACCOUNTS)
