"""The root URLconf: signing in and out, choosing a password, the admin, and everything else from insikt.home."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from insikt import views
from insikt.forms import SignInForm

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/valj-losenord/<uidb64>/<token>/", views.choose_password, name="password_set"),
    path("konto/losenord-valt/", views.password_chosen, name="password_set_done"),
    path("aviseringar/", views.notifications, name="notifications"),
    # One sign-in page for everyone, with the same lockout: the admin's own form is not used.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    path("", include("insikt.home.urls")),
]
