"""A feature declaration that names an unknown definition or field fails `manage.py check`."""

from django.core import checks

from portal.definitions.loader import get_definition

# Formats of the fields a section may name as forwarding destinations.
NUMBER_FORMATS = frozenset({"destination", "phone"})


@checks.register("features")
def check_feature_declarations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from portal.features.lookups import SOURCES
    from portal.features.registry import FEATURES

    errors = []
    for feature in FEATURES.values():
        keys = [section.key for section in feature.sections]
        if len(keys) != len(set(keys)):
            errors.append(
                checks.Error(f"feature {feature.key}: section keys repeat", id="features.E001")
            )
        for section in feature.sections:
            where = f"feature {feature.key}, section {section.key}"
            try:
                definition = get_definition(section.definition)
            except KeyError:
                errors.append(
                    checks.Error(
                        f"{where}: unknown definition {section.definition!r}", id="features.E002"
                    )
                )
                continue
            for lookup in section.lookups:
                if lookup.source not in SOURCES:
                    errors.append(
                        checks.Error(
                            f"{where}: unknown lookup {lookup.source!r}", id="features.E004"
                        )
                    )
                try:
                    target = get_definition(lookup.definition)
                except KeyError:
                    target = None
                if target is None or lookup.field not in {f.name for f in target.fields}:
                    errors.append(
                        checks.Error(
                            f"{where}: lookup names {lookup.definition}.{lookup.field}, "
                            "which does not exist",
                            id="features.E005",
                        )
                    )
            known = {field.name for field in definition.fields}
            for name in section.fields:
                if name not in known:
                    errors.append(
                        checks.Error(
                            f"{where}: {section.definition} has no field {name!r}",
                            id="features.E003",
                        )
                    )
            shown = set(section.fields) or known
            for name in section.destinations:
                field = next((f for f in definition.fields if f.name == name), None)
                if name not in shown or field is None or field.format not in NUMBER_FORMATS:
                    errors.append(
                        checks.Error(
                            f"{where}: destination {name!r} is not a number field of the section",
                            id="features.E006",
                        )
                    )
            for words in section.words:
                try:
                    owner = get_definition(words.of) if words.of else definition
                except KeyError:
                    owner = None
                if owner is None or words.name not in {f.name for f in owner.fields}:
                    errors.append(
                        checks.Error(
                            f"{where}: words for {words.of or section.definition}.{words.name}, "
                            "which does not exist",
                            id="features.E008",
                        )
                    )
            for rule in section.summary:
                for name, _value in rule.when:
                    if name not in shown:
                        errors.append(
                            checks.Error(
                                f"{where}: a summary sentence depends on {name!r}, "
                                "which the section does not show",
                                id="features.E009",
                            )
                        )
            for condition in section.conditions:
                names = {condition.field, condition.when}
                if not names <= shown or condition.effect != "required":
                    errors.append(
                        checks.Error(
                            f"{where}: condition on {condition.field!r} names a field the "
                            f'section does not show, or is not a "required" one',
                            id="features.E007",
                        )
                    )
    return errors
