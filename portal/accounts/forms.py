from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import TenantPolicy, User, self_service_choices


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong user name or password. Check both and try again."),
        "apio_unavailable": _(
            "Your password cannot be checked right now: the telephony platform does not "
            "answer. Try again in a few minutes."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].widget.attrs["aria-describedby"] = "username-hint"
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "apio_sign_in_unavailable", False):
            return ValidationError(self.error_messages["apio_unavailable"], code="apio_unavailable")
        return super().get_invalid_login_error()


class TenantPolicyForm(forms.ModelForm):
    """The admin's form: one tick per feature end users could change themselves."""

    end_user_features = forms.MultipleChoiceField(
        label=_("Features end users may change"),
        choices=self_service_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "What the tenant's end users may change on their own settings page. "
            "It does not limit what helpdesk staff may change for them."
        ),
    )

    class Meta:
        model = TenantPolicy
        fields = ("tenant_id", "end_user_features")

    def clean_end_user_features(self) -> list[str]:
        ticked = set(self.cleaned_data["end_user_features"])
        # Kept in the registry's order, so that the list reads the same whatever was ticked.
        return [key for key, _title in self_service_choices() if key in ticked]


class PreferencesForm(forms.ModelForm):
    """A person's own language and theme."""

    class Meta:
        model = User
        fields = ("language", "theme")
        labels = {"language": _("Language"), "theme": _("Appearance")}
        help_texts = {
            "language": _("Your browser's language is used unless you choose one here."),
            "theme": _("Light or dark colours, or whichever your device is set to."),
        }
        widgets = {"language": forms.RadioSelect, "theme": forms.RadioSelect}


class ThemeForm(forms.ModelForm):
    """The header's switch: the theme alone."""

    class Meta:
        model = User
        fields = ("theme",)
