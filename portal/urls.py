"""URL configuration: the admin, then every public page under its language prefix (/ru/, /kk/, /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import health, views
from portal.csp_reports import views as csp_reports

urlpatterns = [
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False), name="root"),
    path("admin/two-factor/", include("portal.two_factor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("csp-report/", csp_reports.receive, name="csp_report"),
    path("healthz/", health.healthz, name="healthz"),
    path("healthz/node/", health.node_alive, name="healthz_node"),
    path("api/v1/", include("mapping.urls")),
    path("open311/v2/", include("mapping.open311.views")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database error that a middleware turned into a 500 is an outage: a 503 that keeps the citizen's text.
handler500 = "portal.outage.server_error"

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("", include("mapping.support.urls")),
    path("", include("mapping.alerts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
