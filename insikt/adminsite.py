"""The admin site: for the project leader and each organisation's account administrators, never a superuser.

Superusers are for operations from the command line; the web admin refuses them even with a session.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class InsiktAdminSite(admin.AdminSite):
    site_header = "Insikt – administration"
    site_title = "Insikt"
    index_title = "Administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and not user.is_superuser


class InsiktAdminConfig(AdminConfig):
    default_site = "insikt.adminsite.InsiktAdminSite"
