"""Addresses of the second factor, under the admin (/admin/two-factor/…)."""

from django.urls import path

from portal.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
]
