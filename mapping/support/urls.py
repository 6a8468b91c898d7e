"""The address the 'me too' button posts to, under each language (portal.urls puts it in i18n_patterns)."""

from django.urls import path

from mapping.support.views import support_issue

urlpatterns = [path("issues/<int:issue_id>/support/", support_issue, name="issue-support")]
