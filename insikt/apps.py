from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InsiktConfig(AppConfig):
    name = "insikt"
    verbose_name = _("Organisationer och behörighet")

    def ready(self):
        from insikt.roles import ensure_role_groups

        # Role groups carry model permissions, which exist only after migrate has run; every
        # app's post_migrate may add some, so this (idempotent) step runs after each.
        post_migrate.connect(ensure_role_groups, dispatch_uid="insikt.ensure_role_groups")

        from django.contrib.auth.signals import user_logged_in

        from insikt.middleware import session_touched_at_sign_in

        user_logged_in.connect(session_touched_at_sign_in, dispatch_uid="insikt.session_touched_at_sign_in")
