"""The ground every app stands on: organisations, staff and their roles, the access log."""

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A party of the project (with staff) or a receiving agency (without).

    Each organisation owns one Django group: object permissions on participants are granted
    to that group, so a grant reaches every member of the organisation at once.
    """

    # Stable codes that the code may name; the display name is free to change in the admin.
    AF = "af"
    AMA = "ama"
    EB = "eb"
    REGION = "region"
    FK = "fk"

    code = models.SlugField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=120, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=40)
    has_staff = models.BooleanField(
        _("har personal i Insikt"),
        default=True,
        help_text=_("Mottagande instanser utan egna användare (t.ex. Region Skåne) har inte personal i Insikt."),
    )
    registers_participants = models.BooleanField(
        _("anmäler deltagare"),
        default=False,
        help_text=_("Organisationens handläggare kan anmäla nya deltagare (Arbetsförmedlingen och AMA)."),
    )
    retention_days = models.PositiveIntegerField(
        _("bevarandetid efter avslut (dagar)"),
        default=730,
        help_text=_("Så länge personuppgifter om deltagare som organisationen registrerat sparas efter avslut."),
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, editable=False, related_name="organisation")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=f"Organisation: {self.code}")
        super().save(*args, **kwargs)

    def casework_staff(self):
        """The organisation's active staff who work with participants (CASEWORK_ROLES)."""
        return self.staff.filter(is_active=True, role__in=CASEWORK_ROLES).order_by("first_name", "last_name")


STANDARD_ORGANISATIONS = [
    # code, name, short name, has staff in Insikt, registers participants
    (Organisation.AF, "Arbetsförmedlingen", "AF", True, True),
    (Organisation.AMA, "Malmö stad – Arbetsmarknadsavdelningen", "Malmö stad AMA", True, True),
    (Organisation.EB, "Malmö stad – Ekonomiskt bistånd", "Ekonomiskt bistånd", True, False),
    (Organisation.REGION, "Region Skåne", "Region Skåne", False, False),
    (Organisation.FK, "Försäkringskassan", "Försäkringskassan", False, False),
]


def ensure_standard_organisations(organisation_model=Organisation, group_model=Group):
    """Create the project's organisations if missing. Takes the models so that a migration can pass its own."""
    for code, name, short_name, has_staff, registers in STANDARD_ORGANISATIONS:
        if not organisation_model.objects.filter(code=code).exists():
            group, _created = group_model.objects.get_or_create(name=f"Organisation: {code}")
            organisation_model.objects.create(
                code=code,
                name=name,
                short_name=short_name,
                has_staff=has_staff,
                registers_participants=registers,
                group=group,
            )


class Role(models.TextChoices):
    CASEWORKER = "handlaggare", _("Handläggare")
    PROJECT_LEADER = "projektledare", _("Projektledare")
    STEERING_GROUP = "styrgrupp", _("Styrgrupp")
    ACCOUNT_ADMIN = "behorighetsadmin", _("Behörighetsadministratör")
    # Sees no person: the analysis's counts and checked quotes, the reports, and approved pseudonymised exports.
    EVALUATOR = "utvarderare", _("Utvärderare")


# Roles that reach the Django admin. Both administer their own organisation's staff accounts only.
ADMIN_ROLES = {Role.PROJECT_LEADER, Role.ACCOUNT_ADMIN}
# Roles that work with participants: they see, book and are assigned; the steering group and account
# administrators never do.
CASEWORK_ROLES = {Role.CASEWORKER, Role.PROJECT_LEADER}


def role_group_name(role: str) -> str:
    return f"Roll: {role}"


class User(AbstractUser):
    """A member of staff: exactly one organisation and one role, mirrored into two groups."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"has_staff": True},
        related_name="staff",
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, blank=True)
    email_notifications = models.BooleanField(
        _("e-post vid nya aviseringar"),
        default=False,
        help_text=_("Ett kort meddelande med en länk till Insikt, utan uppgifter om någon deltagare."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.is_superuser:
            return
        if not self.organisation_id:
            raise ValidationError({"organisation": _("En användare måste tillhöra en organisation.")})
        if not self.role:
            raise ValidationError({"role": _("En användare måste ha en roll.")})
        if self.organisation_id and not self.organisation.has_staff:
            raise ValidationError({"organisation": _("Den här organisationen har inte personal i Insikt.")})

    # Kept in the account history whoever saves them: the admin, a management command or the shell.
    HISTORY_FIELDS = ("username", "first_name", "last_name", "email", "role", "is_active")

    def save(self, *args, **kwargs):
        # Only project leaders and account administrators reach the admin; nobody else ever does.
        if not self.is_superuser:
            self.is_staff = self.role in ADMIN_ROLES
        fields = kwargs.get("update_fields")
        tracked = fields is None or bool(set(fields) & set(self.HISTORY_FIELDS))
        with transaction.atomic():
            saved = None
            if self.pk and not self._state.adding:
                saved = User.objects.filter(pk=self.pk).values("organisation_id", *self.HISTORY_FIELDS).first()
                if saved is not None and saved["organisation_id"] != self.organisation_id:
                    # Moving a person between organisations is not an edit: deactivate and create anew.
                    raise PermissionError("A staff account's organisation never changes.")
            super().save(*args, **kwargs)
            self.sync_groups()
            if tracked:
                self.record_history(saved)

    def record_history(self, saved: dict | None) -> None:
        """One account-history entry per kind of change. `changed_by` is set by insikt.accounts for the
        administrator; left empty, the change came from the command line."""
        by = getattr(self, "changed_by", None)

        def add(kind, detail=""):
            AccountChange.record(self, kind, by=by, detail=detail)

        if saved is None:
            add(
                AccountChange.Kind.CREATED,
                f"{self.organisation.short_name if self.organisation_id else ''}, {self.role}",
            )
            return
        if details := [f for f in ("username", "first_name", "last_name", "email") if saved[f] != getattr(self, f)]:
            add(AccountChange.Kind.DETAILS, ", ".join(details))
        if saved["role"] != self.role:
            add(AccountChange.Kind.ROLE, f"{saved['role']} → {self.role}")
        if saved["is_active"] != self.is_active:
            add(AccountChange.Kind.REACTIVATED if self.is_active else AccountChange.Kind.DEACTIVATED)

    def sync_groups(self):
        """Make the user's groups exactly: their organisation's group and their role's group."""
        wanted = []
        if self.organisation_id:
            wanted.append(self.organisation.group)
        if self.role:
            wanted.append(Group.objects.get_or_create(name=role_group_name(self.role))[0])
        self.groups.set(wanted)

    @property
    def is_caseworker(self) -> bool:
        return self.role == Role.CASEWORKER

    @property
    def is_project_leader(self) -> bool:
        return self.role == Role.PROJECT_LEADER

    @property
    def is_steering_group(self) -> bool:
        return self.role == Role.STEERING_GROUP

    @property
    def is_evaluator(self) -> bool:
        return self.role == Role.EVALUATOR

    @property
    def administers_accounts(self) -> bool:
        """Administers the staff accounts of their own organisation (never another's)."""
        return (
            self.is_active and not self.is_superuser and self.role in ADMIN_ROLES and self.organisation_id is not None
        )

    @property
    def works_with_participants(self) -> bool:
        """Caseworkers and the project leader handle participants; the steering group never does."""
        return self.role in CASEWORK_ROLES and self.organisation_id is not None


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(f"{self.model.__name__} is append-only; record a new event instead.")

    def delete(self):
        raise PermissionError(f"{self.model.__name__} is append-only; record a new event instead.")


class AppendOnly(models.Model):
    """A record that is written once: a change is a new record, never an edit or a deletion.

    The guards cover the ORM (admin, forms, shell, commands); on PostgreSQL a row trigger
    covers every other path for the access log and the account history (migrations).
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} is append-only; record a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} is append-only; record a new event instead.")


REMOVED = "Anonymiserad"  # what anonymisation leaves where a field must not be empty


def anonymising_update(queryset, **values) -> int:
    """UPDATE past the append-only guards: anonymisation is the one sanctioned change of such records."""
    return models.QuerySet.update(queryset, **values)


class AccessLog(AppendOnly):
    """Who read or changed which participant, when, from where. Append-only.

    The participant is referred to by its opaque id, not a foreign key, so that an entry
    outlives anything that happens to the participant record.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Visade")
        CREATE = "create", _("Registrerade")
        CHANGE = "change", _("Ändrade")
        FILE = "file", _("Hämtade fil")
        EXPORT = "export", _("Exporterade")
        # Registration told the caseworker that the person is already in Insikt: itself protected information.
        DUPLICATE_CHECK = "duplicate", _("Dubblettkontroll")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(User, verbose_name=_("användare"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    participant_id = models.UUIDField(_("deltagare (id)"), db_index=True)
    detail = models.CharField(_("vad"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("åtkomstlogg")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


class AccountChange(AppendOnly):
    """One change of a staff account, kept for good: who did what to which account, when. Never a password."""

    class Kind(models.TextChoices):
        CREATED = "skapat", _("Konto skapat")
        DETAILS = "uppgifter", _("Namn, e-post eller användarnamn ändrat")
        ROLE = "roll", _("Roll ändrad")
        DEACTIVATED = "avaktiverat", _("Konto avaktiverat")
        REACTIVATED = "aktiverat", _("Konto aktiverat igen")
        PASSWORD_LINK = "losenordslank", _("Länk för att välja lösenord skapad")
        PASSWORD_SET = "losenord", _("Lösenord valt av kontots innehavare")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, editable=False, db_index=True)
    account = models.ForeignKey(User, verbose_name=_("konto"), on_delete=models.PROTECT, related_name="account_changes")
    # The account's organisation (it never changes): each organisation's administrators read their own.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("ändring"), max_length=16, choices=Kind.choices)
    detail = models.CharField(_("vad"), max_length=200, blank=True)
    # Empty for operations from the command line (superuser) and for the account holder's own password.
    changed_by = models.ForeignKey(
        User, verbose_name=_("ändrat av"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kontoändring")
        verbose_name_plural = _("kontohistorik")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.account}: {self.get_kind_display()}"

    @classmethod
    def record(cls, account: User, kind: str, *, by: User | None, detail: str = "") -> "AccountChange":
        return cls.objects.create(
            account=account, organisation_id=account.organisation_id, kind=kind, detail=detail[:200], changed_by=by
        )


class Notification(models.Model):
    """A message in the app for one member of staff. The apps write the text at the moment of the event and
    name a person only if the recipient may see that person then (insikt.notifications)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("meddelande"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("tid"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user}"
