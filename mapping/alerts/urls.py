"""The alerts pages, under each language (portal.urls puts them in i18n_patterns)."""

from django.urls import path

from mapping.alerts import views

urlpatterns = [
    path("alerts/", views.subscribe, name="alerts"),
    path("alerts/confirm/<str:token>/", views.confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert-unsubscribe"),
]
