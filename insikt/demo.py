"""Demo staff: one account per role and organisation, all with the same password. None is a superuser."""

from insikt.models import Organisation, Role, User, ensure_standard_organisations

DEMO_STAFF = [
    # username, first name, last name, organisation code, role
    ("projektledare", "Petra", "Lind", Organisation.AF, Role.PROJECT_LEADER),
    ("af.handlaggare", "Anders", "Holm", Organisation.AF, Role.CASEWORKER),
    ("malmo.handlaggare", "Maria", "Sjöberg", Organisation.AMA, Role.CASEWORKER),
    ("socialsekreterare", "Sara", "Nilsson", Organisation.EB, Role.CASEWORKER),
    ("styrgrupp", "Stefan", "Berg", Organisation.AF, Role.STEERING_GROUP),
    # FINSAM's evaluator: at the project leader's organisation, the only one whose administrator may make one.
    ("utvarderare", "Vera", "Lundgren", Organisation.AF, Role.EVALUATOR),
    # Each organisation administers its own staff accounts.
    ("af.admin", "Alva", "Ek", Organisation.AF, Role.ACCOUNT_ADMIN),
    ("malmo.admin", "Mikael", "Strand", Organisation.AMA, Role.ACCOUNT_ADMIN),
    ("eb.admin", "Eva", "Lund", Organisation.EB, Role.ACCOUNT_ADMIN),
]


def seed_staff(password: str) -> dict[str, User]:
    ensure_standard_organisations()
    organisations = {o.code: o for o in Organisation.objects.all()}
    users = {}
    for username, first_name, last_name, org_code, role in DEMO_STAFF:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name = first_name, last_name
        user.email = f"{username}@example.org"
        user.organisation = organisations[org_code]
        user.role = role
        user.is_superuser = False
        user.set_password(password)
        user.save()
        users[username] = user
    return users
