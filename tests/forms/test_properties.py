"""Property tests over every definition and method: valid payloads survive the form, bad input
only ever produces field errors."""

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.forms import build_form_class, form_to_payload, payload_to_form_data, payload_to_initial
from portal.forms.plan import Kind
from tests.forms.conftest import cases
from tests.forms.strategies import bad_values, payloads, texts

PROPERTY_SETTINGS = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize(("definition", "method"), cases(write=True))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_valid_payload_survives_the_form(definition, method, data):
    payload = data.draw(payloads(definition, method), label="payload")
    form = build_form_class(definition, method)(payload_to_form_data(definition, method, payload))
    assert form.is_valid(), form.error_map()
    assert form_to_payload(form) == payload


@pytest.mark.parametrize(("definition", "method"), cases(write=False))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_read_only_view_shows_what_apio_returned(definition, method, data):
    payload = data.draw(payloads(definition, method), label="payload")
    form = build_form_class(definition, method)(initial=payload_to_initial(definition, payload))
    assert form_to_payload(form) == payload
    render_to_string("forms/object_form.html#object-block", {"form": form})


def _corruptible(form_class, names):
    """Html names of scalar fields among `names` that have inputs they must refuse."""
    out = {}
    for name in names:
        try:
            plan = form_class.locate(name)
        except LookupError:
            continue
        if plan.kind is Kind.SCALAR and bad_values(plan.definition):
            out[name] = bad_values(plan.definition)
    return out


def _has_corruptible(definition, method):
    form_class = build_form_class(definition, method)
    return bool(_corruptible(form_class, form_class.base_fields))


@pytest.mark.parametrize(
    ("definition", "method"), [c for c in cases(write=True) if _has_corruptible(*c.values)]
)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_bad_input_is_a_field_error(definition, method, data):
    payload = data.draw(payloads(definition, method), label="payload")
    form_data = payload_to_form_data(definition, method, payload)
    form_class = build_form_class(definition, method)
    # Anything already posted, plus any top-level field (always validated, even when empty).
    targets = _corruptible(form_class, [*form_data, *form_class.base_fields])
    name = data.draw(st.sampled_from(sorted(targets)), label="field")
    form_data.setlist(name, [data.draw(st.sampled_from(targets[name]), label="bad value")])
    form = form_class(form_data)
    assert not form.is_valid()
    assert name in form.error_map()
    html = render_to_string("forms/object_form.html#object-block", {"form": form})
    assert f'id="id_{name}_error"' in html


@pytest.mark.parametrize(
    ("definition", "method"),
    [c for c in cases(write=True) if build_form_class(*c.values).base_fields],
)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_garbage_never_raises(definition, method, data):
    payload = data.draw(payloads(definition, method), label="payload")
    form_data = payload_to_form_data(definition, method, payload)
    names = sorted({*form_data, *build_form_class(definition, method).base_fields})
    garbage = st.one_of(texts, st.text(max_size=20), st.sampled_from(["set", "null", "true"]))
    for name, value in data.draw(st.lists(st.tuples(st.sampled_from(names), garbage))):
        form_data.setlist(name, [value])
    form = build_form_class(definition, method)(form_data)
    if form.is_valid():
        assert isinstance(form_to_payload(form), dict)
    else:
        assert form.error_map()
    render_to_string("forms/object_form.html#object-block", {"form": form})
