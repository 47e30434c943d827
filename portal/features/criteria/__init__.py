"""The criteria editor: a service's rules (criteria) as a list, each edited on its own page.

A criteria-based service (selective forwarding, selective call rejection or acceptance,
priority alert, custom ring back) declares a `CriteriaList` next to its `Feature`: the rules are
read from the service's GET (its `criteria` array), and every edit is queued as a pending change
to the rule's own endpoint (contract §5.4). One editor, many declarations:

- declaration: what a service declares (`CriteriaList`, `register`, the shared words);
- forms: a rule's form and its checks;
- reading: the list in words, and what the feature page adds for it;
- views: the rule pages, for staff and on the user's own portal.
"""

from portal.features.criteria.declaration import (
    ALWAYS_SHOWN,
    ANY_OR_LISTED,
    FROM_DN,
    HIDDEN,
    LISTS,
    NEW_RULE,
    SCHEDULE_CHOICES,
    CriteriaList,
    action_outcome,
    register,
    rules_only_section,
    service_definition,
)
from portal.features.criteria.forms import (
    SNAPSHOT_SALT,
    build_entry_form,
    entry_form_class,
    sign,
    unsign,
)
from portal.features.criteria.reading import (
    Rule,
    calls_from_text,
    describe,
    forward_text,
    page_context,
    recent_changes,
    schedule_text,
)
from portal.features.criteria.views import (
    DELETE_PAGE,
    FORM_PAGE,
    PAGE,
    handle_active,
    handle_block,
    handle_delete,
    handle_form,
    handle_list,
    handle_rows,
    my_rule_active_view,
    my_rule_delete_view,
    my_rule_new_view,
    my_rule_view,
    my_rules_block_view,
    my_rules_rows_view,
    my_rules_view,
    rule_active_view,
    rule_delete_view,
    rule_new_view,
    rule_view,
    rules_block_view,
    rules_rows_view,
    rules_view,
)

__all__ = [
    "ALWAYS_SHOWN",
    "ANY_OR_LISTED",
    "DELETE_PAGE",
    "FORM_PAGE",
    "FROM_DN",
    "HIDDEN",
    "LISTS",
    "NEW_RULE",
    "PAGE",
    "SCHEDULE_CHOICES",
    "SNAPSHOT_SALT",
    "CriteriaList",
    "Rule",
    "action_outcome",
    "build_entry_form",
    "calls_from_text",
    "describe",
    "entry_form_class",
    "forward_text",
    "handle_active",
    "handle_block",
    "handle_delete",
    "handle_form",
    "handle_list",
    "handle_rows",
    "my_rule_active_view",
    "my_rule_delete_view",
    "my_rule_new_view",
    "my_rule_view",
    "my_rules_block_view",
    "my_rules_rows_view",
    "my_rules_view",
    "page_context",
    "recent_changes",
    "register",
    "rule_active_view",
    "rule_delete_view",
    "rule_new_view",
    "rule_view",
    "rules_block_view",
    "rules_rows_view",
    "rules_view",
    "rules_only_section",
    "schedule_text",
    "service_definition",
    "sign",
    "unsign",
]
