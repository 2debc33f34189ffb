"""Staff accounts: who administers which account, and every change kept in the account history.

An account is administered only by its own organisation's administrators (the project leader for
Arbetsförmedlingen, each organisation's behörighetsadministratör). Nobody changes their own role or
deactivates themselves, an account's organisation never changes (moving a person between
organisations is deactivating one account and creating another), and nobody sets or sees another
person's password: a new or reset account gets a one-time link to choose one. The link is Django's
password-reset token: signed with SECRET_KEY, expiring after PASSWORD_RESET_TIMEOUT, and void once
used or once a newer link has been made (the token covers the password hash, which both change).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from insikt.models import AccountChange, Role, User

# What each administering role may hand out. Only a project leader makes another project leader, or an evaluator
# (who approves nothing but reads the analysis and asks the project leader for exports).
ASSIGNABLE = {
    Role.PROJECT_LEADER: [
        Role.CASEWORKER,
        Role.PROJECT_LEADER,
        Role.STEERING_GROUP,
        Role.ACCOUNT_ADMIN,
        Role.EVALUATOR,
    ],
    Role.ACCOUNT_ADMIN: [Role.CASEWORKER, Role.STEERING_GROUP, Role.ACCOUNT_ADMIN],
}


def assignable_roles(admin: User) -> list[str]:
    return ASSIGNABLE.get(admin.role, []) if admin.administers_accounts else []


def administered_accounts(admin: User) -> QuerySet[User]:
    """The accounts this user administers: their own organisation's, with a role they may hand out (so a
    behörighetsadministratör never holds a project leader's account), never a maintenance (superuser) account."""
    if not admin.administers_accounts:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=admin.organisation_id, role__in=assignable_roles(admin), is_superuser=False
    )


def account_errors(*, account: User, by: User) -> dict[str, str]:
    """Why `by` may not save `account` as it stands (empty: they may), as Swedish messages by field."""
    if by.pk is not None and by.pk == account.pk:
        by = User.objects.get(pk=by.pk)  # the rights of the administrator as saved, not as being edited
    if not by.administers_accounts:
        return {"__all__": _("Du administrerar inga konton.")}
    errors = {}
    saved = User.objects.filter(pk=account.pk).first() if account.pk else None
    if saved and saved.organisation_id != by.organisation_id:
        return {"__all__": _("Kontot tillhör en annan organisation.")}
    allowed = assignable_roles(by)
    if saved and saved.role not in allowed:
        return {"__all__": _("Bara en projektledare administrerar ett konto med rollen %(role)s.") % {
            "role": Role(saved.role).label.lower()
        }}  # fmt: skip
    if account.organisation_id != by.organisation_id:
        errors["__all__"] = _(
            "Ett konto kan inte flyttas till en annan organisation. Avaktivera kontot; den andra organisationen "
            "skapar ett nytt."
        )
    if saved is None or saved.role != account.role:
        if saved is not None and saved.pk == by.pk:
            errors["role"] = _("Du kan inte ändra din egen roll. Be en annan administratör i din organisation.")
        elif account.role not in allowed:
            errors["role"] = _("Du kan inte ge rollen %(role)s.") % {
                "role": Role(account.role).label.lower() if account.role in Role.values else account.role
            }
    if saved is not None and saved.pk == by.pk and not account.is_active:
        errors["is_active"] = _("Du kan inte avaktivera ditt eget konto.")
    return errors


def _check(account: User, by: User) -> None:
    if errors := account_errors(account=account, by=by):
        raise ValidationError(errors)


@transaction.atomic
def create_account(*, account: User, by: User) -> User:
    """A new staff account in the administrator's own organisation, with no password until its holder chooses one."""
    account.organisation_id = by.organisation_id
    _check(account, by)
    account.set_unusable_password()
    account.full_clean()
    account.changed_by = by  # the account history names the administrator (User.record_history)
    account.save()
    return account


@transaction.atomic
def update_account(*, account: User, by: User) -> None:
    """Save an edited account; each kind of change is one entry in the account history (User.record_history)."""
    _check(account, by)
    User.objects.select_for_update().get(pk=account.pk)  # one save at a time: User.save compares with the row
    account.full_clean()
    account.changed_by = by
    account.save()


@transaction.atomic
def issue_password_link(*, account: User, by: User, request) -> str:
    """Void the account's password and earlier links, and return a new one-time link for its holder."""
    if not administered_accounts(by).filter(pk=account.pk).exists():
        raise ValidationError(_("Du administrerar inte det här kontot."))
    if account.pk == by.pk:
        raise ValidationError(_("Byt ditt eget lösenord genom en annan administratör i din organisation."))
    if not account.is_active:
        raise ValidationError(_("Kontot är avaktiverat. Aktivera det först."))
    account.set_unusable_password()
    account.save(update_fields=["password"])
    AccountChange.record(account, AccountChange.Kind.PASSWORD_LINK, by=by)
    path = reverse(
        "password_set", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(account.pk)), "token": make_token(account)}
    )
    return request.build_absolute_uri(path)


def make_token(account: User) -> str:
    return default_token_generator.make_token(account)


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
