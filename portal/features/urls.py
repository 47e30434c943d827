from django.urls import path

from portal import converters  # noqa: F401 (registers <apio_id:…>)
from portal.features import agent_call_centers as agent
from portal.features import criteria, home_views, schedules, views
from portal.features.conferences.views import VIEWS as CONFERENCE_VIEWS

app_name = "features"

USER = "users/<apio_id:tenant_id>/<apio_id:group_id>/<apio_id:user_id>"
SECTION = f"{USER}/<slug:feature_key>/<slug:section_key>"
MY_SECTION = "me/<slug:feature_key>/<slug:section_key>"
RULES = f"{USER}/<slug:feature_key>/rules"  # a feature's rules: add one, its form's parts
RULE = f"{USER}/<slug:feature_key>/rule/<apio_id:name>"  # one rule, by name
MY_RULES = "me/<slug:feature_key>/rules"
MY_RULE = "me/<slug:feature_key>/rule/<apio_id:name>"
SCHEDULES = f"{USER}/schedules"  # a user's own schedules, by kind ("time" or "holiday")
MY_SCHEDULES = "me/schedules"
SCHEDULE = "<slug:kind>/<apio_id:name>"
# A host's conferences; one of them by its bridge and id, and its parts.
CONFERENCE = "<apio_id:bridge_id>/<apio_id:conference_id>"
CONFERENCE_PAGES = {
    "conferences": "",
    "conference_new": "new/",
    "conference_block": "block/",
    "conference": f"{CONFERENCE}/",
    "conference_delete": f"{CONFERENCE}/delete/",
    "conference_delegates": f"{CONFERENCE}/delegates/",
    "conference_recordings": f"{CONFERENCE}/recordings/",
    "conference_greeting": f"{CONFERENCE}/greeting/",
}

urlpatterns = [
    # Before the features': an agent's call centers are the "call-centers" feature's page.
    path(f"{USER}/call-centers/", agent.agent_call_centers_view, name="agent_call_centers"),
    path(
        f"{USER}/call-centers/<apio_id:call_center_id>/availability/",
        agent.agent_availability_view,
        name="agent_availability",
    ),
    path("me/call-centers/", agent.my_agent_call_centers_view, name="my_agent_call_centers"),
    path(
        "me/call-centers/<apio_id:call_center_id>/availability/",
        agent.my_agent_availability_view,
        name="my_agent_availability",
    ),
    # Before the features': the conferences' list is the "conferences" feature's page.
    *(
        path(f"{USER}/conferences/{tail}", CONFERENCE_VIEWS[name][0], name=name)
        for name, tail in CONFERENCE_PAGES.items()
    ),
    *(
        path(f"me/conferences/{tail}", CONFERENCE_VIEWS[name][1], name=f"my_{name}")
        for name, tail in CONFERENCE_PAGES.items()
    ),
    # Before the features': "schedules" is no feature's key.
    path(f"{SCHEDULES}/", schedules.schedules_view, name="schedules"),
    path(f"{SCHEDULES}/new/<slug:kind>/", schedules.schedule_new_view, name="new_schedule"),
    path(f"{SCHEDULES}/{SCHEDULE}/", schedules.schedule_view, name="schedule"),
    path(f"{SCHEDULES}/{SCHEDULE}/delete/", schedules.schedule_delete_view, name="schedule_delete"),
    path(f"{MY_SCHEDULES}/", schedules.my_schedules_view, name="my_schedules"),
    path(
        f"{MY_SCHEDULES}/new/<slug:kind>/", schedules.my_schedule_new_view, name="my_new_schedule"
    ),
    path(f"{MY_SCHEDULES}/{SCHEDULE}/", schedules.my_schedule_view, name="my_schedule"),
    path(
        f"{MY_SCHEDULES}/{SCHEDULE}/delete/",
        schedules.my_schedule_delete_view,
        name="my_schedule_delete",
    ),
    # Before the sections': "rules" and "rule" are no section's key.
    path(f"{RULES}/", criteria.rules_view, name="rules"),
    path(f"{RULES}/new/", criteria.rule_new_view, name="rule_new"),
    path(f"{RULES}/block/", criteria.rules_block_view, name="rules_block"),
    path(f"{RULES}/rows/", criteria.rules_rows_view, name="rules_rows"),
    path(f"{RULE}/", criteria.rule_view, name="rule"),
    path(f"{RULE}/active/", criteria.rule_active_view, name="rule_active"),
    path(f"{RULE}/delete/", criteria.rule_delete_view, name="rule_delete"),
    path(f"{MY_RULES}/", criteria.my_rules_view, name="my_rules"),
    path(f"{MY_RULES}/new/", criteria.my_rule_new_view, name="my_rule_new"),
    path(f"{MY_RULES}/block/", criteria.my_rules_block_view, name="my_rules_block"),
    path(f"{MY_RULES}/rows/", criteria.my_rules_rows_view, name="my_rules_rows"),
    path(f"{MY_RULE}/", criteria.my_rule_view, name="my_rule"),
    path(f"{MY_RULE}/active/", criteria.my_rule_active_view, name="my_rule_active"),
    path(f"{MY_RULE}/delete/", criteria.my_rule_delete_view, name="my_rule_delete"),
    path(f"{USER}/<slug:feature_key>/", views.feature_view, name="feature"),
    path(f"{SECTION}/", views.section_view, name="section"),
    path(f"{SECTION}/block/", views.section_block_view, name="section_block"),
    path(f"{SECTION}/rows/", views.section_rows_view, name="section_rows"),
    path("me/", views.my_home_view, name="my_home"),
    path("me/<slug:feature_key>/", views.my_feature_view, name="my_feature"),
    path(f"{MY_SECTION}/", views.my_section_view, name="my_section"),
    path(f"{MY_SECTION}/block/", views.my_section_block_view, name="my_section_block"),
    path(f"{MY_SECTION}/rows/", views.my_section_rows_view, name="my_section_rows"),
    path(f"{MY_SECTION}/switch/", home_views.my_switch_view, name="my_switch"),
]
