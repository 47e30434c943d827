"""``manage.py portal_user add NAME --role ROLE [--tenant T --group G] [--apio-user ID]``.

The password is read from standard input, so that it never shows in a process list.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.accounts.models import Role, Scope, User


class Command(BaseCommand):
    help = "Create or update a portal account; the password is read from standard input."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create or update an account")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--tenant", default="", help="scope: a tenant id (helpdesk)")
        add.add_argument("--group", default="", help="scope: one group of the tenant")
        add.add_argument("--apio-user", default="", help="the BroadWorks user id it is linked to")
        add.add_argument("--apio-tenant", default="")
        add.add_argument("--apio-group", default="")

    def handle(self, *args, action: str, **options) -> None:
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < 8:
            raise CommandError("Give a password of at least 8 characters on standard input.")
        if options["group"] and not options["tenant"]:
            raise CommandError("--group needs --tenant.")
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=options["username"])
            user.role = options["role"]
            user.is_staff = user.is_superuser = options["role"] == Role.ADMIN
            user.apio_user_id = options["apio_user"]
            user.apio_tenant_id = options["apio_tenant"]
            user.apio_group_id = options["apio_group"]
            user.set_password(password)
            user.save()
            if options["tenant"]:
                Scope.objects.get_or_create(
                    user=user, tenant_id=options["tenant"], group_id=options["group"]
                )
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username} ({user.get_role_display()}).")
