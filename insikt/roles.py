"""Role groups and the model permissions each role carries.

Model permissions say which *kind* of thing a role works with (and what the project leader
may configure in the admin). Which participants someone sees is never a model permission:
that is the organisation group's object permissions, see insikt.access.
"""

from django.contrib.auth.models import Group, Permission

from insikt.models import Role, role_group_name

ALL = ("view", "add", "change", "delete")

# (app_label, model, actions)
CASEWORK = [
    ("participants", "participant", ("view", "add", "change")),
    ("questionnaire", "response", ("view", "add", "change")),
]
# Model permissions never open rows: visible_participants() filters every query by object grants.
# Administering one's own organisation's staff accounts (insikt.accounts limits every row to it).
ACCOUNTS = [
    ("insikt", "organisation", ("view",)),
    ("insikt", "user", ("view", "add", "change")),
    ("insikt", "accountchange", ("view",)),
]
CONFIGURATION = [
    ("insikt", "organisation", ("change",)),  # the retention period that drives anonymisation: not an account matter
    ("insikt", "accesslog", ("view",)),
    ("meetings", "programmetype", ("view", "add", "change")),
    ("meetings", "recommendationcategory", ("view", "add", "change")),
    ("meetings", "findingtype", ("view", "add", "change")),
    ("reports", "areasummary", ("view", "add", "change")),
    ("reports", "yeartarget", ("view", "add", "change")),
    ("reports", "reportingperiod", ("view", "add", "change")),
    ("reports", "steeringmeeting", ("view", "add", "change")),
    ("reports", "steeringdecision", ("view", "add", "change")),
    ("reports", "agendapoint", ("view",)),
    ("reports", "agendadocument", ("view",)),
    ("reports", "reportsnapshot", ("view",)),
    # Published questionnaire versions stay read-only whatever these say (questionnaire.models).
    ("questionnaire", "questionnaire", ALL),
    ("questionnaire", "questionnaireversion", ("view", "change", "delete")),
    ("questionnaire", "section", ALL),
    ("questionnaire", "question", ALL),
    ("questionnaire", "choice", ALL),
]

ROLE_PERMISSIONS = {
    Role.CASEWORKER: CASEWORK,
    Role.PROJECT_LEADER: CASEWORK + ACCOUNTS + CONFIGURATION,
    Role.STEERING_GROUP: [],
    Role.ACCOUNT_ADMIN: ACCOUNTS,
    Role.EVALUATOR: [],
}


def ensure_role_groups(**kwargs):
    """Create the role groups and give each exactly its permissions. Idempotent."""
    for role, entries in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role_group_name(role))
        codenames = {(app, f"{action}_{model}") for app, model, actions in entries for action in actions}
        perms = [
            p
            for p in Permission.objects.filter(codename__in={c for _, c in codenames}).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codenames
        ]
        group.permissions.set(perms)
