"""A change applied to who a supervisor supervises makes the agent lists read of that call
center stale: forget them at once, rather than within the minute they are kept."""

import re
from urllib.parse import unquote

from django.dispatch import receiver

from portal.apio import paths
from portal.changes.signals import changes_applied
from portal.supervision.agents import forget_agents

# …/tenants/{t}/groups/{g}/services/call_centers/{cc}/supervisors/{supervisor}/agents/…
SUPERVISED = re.compile(
    rf"^{re.escape(paths.API)}/tenants/([^/]+)/groups/([^/]+)/services/call_centers/([^/]+)"
    r"/supervisors/([^/]+)/agents/"
)


@receiver(changes_applied, dispatch_uid="supervision.forget_applied")
def forget_applied(sender, changes, **kwargs) -> None:
    for change in changes:
        found = SUPERVISED.match(change.path or "")
        if found:
            forget_agents(*(unquote(part) for part in found.groups()))
