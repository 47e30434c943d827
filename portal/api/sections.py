"""A feature's section for the API, found through the same access helper as the pages, and a
change to it validated by the same form and queued through the same service.

Staff name the user (tenant, group and user ids) as the staff pages' URLs do; anyone else
changes their own line, as on their own portal (``/me/``).
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from portal import access
from portal.accounts.acting import acting_for_user_id
from portal.api.errors import FormRejected
from portal.api.models import ApiToken
from portal.changes import services as change_services
from portal.changes.secrets import strip_secrets
from portal.core import UserRef
from portal.definitions.loader import get_definition
from portal.features.base import Feature, Section
from portal.features.forms import build_section_form, section_form_class
from portal.features.sections import LoadedSection, change_request, load_section
from portal.forms import form_to_payload, payload_to_form_data
from portal.reads import UserSummary

from .errors import PlatformUnavailable, form_fields

NOT_IN_SECTION = _("This field is not part of this setting.")
NOT_A_VALUE = _("Enter a valid value.")


class NotAssigned(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_assigned"
    default_detail = _("This user does not have this service: nothing can be changed in it.")


@dataclass(frozen=True)
class ApiScreen:
    """Whose feature, which one, and whether it is the caller's own portal."""

    profile: UserSummary
    feature: Feature
    own_portal: bool

    @property
    def ref(self) -> UserRef:
        """Whose line, as the pages' screens name it (the pages' helpers read `screen.ref`)."""
        return self.profile.ref

    @property
    def sections(self) -> tuple[Section, ...]:
        shown = self.feature.own_sections() if self.own_portal else self.feature.sections
        return tuple(section for section in shown if not section.own_pages)

    def section(self, key: str) -> Section:
        section = next((s for s in self.sections if s.key == key), None)
        if section is None:
            raise Http404("Not found.")
        return section

    def page_url(self) -> str:
        if self.own_portal:
            return reverse("features:my_feature", args=[self.feature.key])
        ref = self.profile.ref
        args = [ref.tenant_id, ref.group_id, ref.user_id, self.feature.key]
        return reverse("features:feature", args=args)


def own_request(request: Request):
    """The request as the own-portal helpers read it. Acting for a user is a session's state:
    a key acts for its owner alone, whatever session cookie comes with it."""
    if isinstance(request.auth, ApiToken):
        return SimpleNamespace(user=request.user, session={})
    return request._request


def staff_screen(request: Request, tenant_id, group_id, user_id, feature_key) -> ApiScreen:
    profile, feature = access.staff_feature_or_404(
        request.user, tenant_id, group_id, user_id, feature_key
    )
    return ApiScreen(profile, feature, own_portal=False)


def own_screen(request: Request, feature_key: str) -> ApiScreen:
    profile, feature = access.own_feature_or_404(own_request(request), feature_key)
    return ApiScreen(profile, feature, own_portal=True)


def screen_for(request: Request, data: dict) -> ApiScreen:
    if data.get("user_id"):
        ids = data["tenant_id"], data["group_id"], data["user_id"]
        return staff_screen(request, *ids, data["feature"])
    return own_screen(request, data["feature"])


def section_values(loaded: LoadedSection) -> dict:
    values, _removed = strip_secrets(loaded.section.definition, loaded.values)
    return values


def _form_data(section: Section, current: dict, values: dict):
    """The POST the section's page would send with `values` typed over the current ones."""
    plans = {plan.name for plan in section_form_class(section).plans}
    definition = get_definition(section.definition)
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        if name not in plans:
            problems[str(name)] = [str(NOT_IN_SECTION)]
            continue
        try:
            payload_to_form_data(definition, "PUT", {name: value}, prefix=section.key)
        except (TypeError, ValueError, AttributeError, KeyError):
            problems[name] = [str(NOT_A_VALUE)]
    if problems:
        raise FormRejected(problems)
    return payload_to_form_data(definition, "PUT", {**current, **values}, prefix=section.key)


def queue_change(request: Request, screen: ApiScreen, section: Section, values: dict):
    """(the change, whether it is new); FormRejected with the form's own messages."""
    loaded = load_section(screen.profile.ref, section)
    if loaded.not_assigned:
        raise NotAssigned()
    if loaded.error:
        raise PlatformUnavailable(loaded.error)
    current = section_values(loaded)
    form = build_section_form(
        section,
        screen.profile.ref,
        f"{screen.page_url()}{section.key}/",
        data=_form_data(section, current, values),
        initial_values=current,
        profile=screen.profile,
    )
    if not form.is_valid():
        raise FormRejected(form_fields(form.error_map(), section.key))
    payload = form_to_payload(form)  # a PUT: only what changed, as the page sends
    if not payload:
        return None, False
    change = change_request(
        screen.profile.ref, screen.feature, section, payload, current, loaded.loaded_at
    )
    return submit(request, screen, change)


def submit(request: Request, screen: ApiScreen, change: change_services.ChangeRequest):
    """Queue the change: (the change, True); one queued already, identical: (that one, False)."""
    acting_for = acting_for_user_id(own_request(request)) if screen.own_portal else ""
    try:
        return change_services.submit_change(request.user, change, acting_for=acting_for), True
    except change_services.AlreadyQueued as queued:
        return queued.change, False
