"""The audit log, with the audit page's filters (validated by the page's own form)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from portal.accounts.audit import AuditFilterForm, filtered_entries
from portal.api.errors import FormRejected
from portal.api.serializers import AuditEntrySerializer, AuditQuerySerializer
from portal.api.views.common import COMMON, errors, require_staff


class AuditEntryListView(ListAPIView):
    serializer_class = AuditEntrySerializer

    def get_queryset(self):
        require_staff(self.request)
        filters = {k: v for k, v in self.request.query_params.items() if k in FILTERS}
        form = AuditFilterForm(filters or None)
        if form.is_bound and not form.is_valid():
            fields = {name: list(messages) for name, messages in form.errors.items()}
            raise FormRejected(fields, _("The filters are not valid: correct the fields listed."))
        return filtered_entries(self.request.user, form)

    @extend_schema(
        tags=["audit"],
        summary="Audit entries in your scope, newest first",
        parameters=[AuditQuerySerializer],
        responses={200: AuditEntrySerializer(many=True), **errors(400, 404, *COMMON)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


FILTERS = frozenset(AuditFilterForm.base_fields)
