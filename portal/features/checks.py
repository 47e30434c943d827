"""A feature declaration that names an unknown definition or field fails `manage.py check`."""

from django.core import checks

from portal.definitions.loader import get_definition


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
    return errors
