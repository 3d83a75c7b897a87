from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # set_language (POST language, next) at /i18n/setlang/: the switch in base.html.
    path("i18n/", include("django.conf.urls.i18n")),
    # OGC API – Features: the layers QGIS reads live (incidents/api/ogc_views.py).
    path("ogcapi", RedirectView.as_view(url="/ogcapi/", query_string=True)),
    path("ogcapi/", include("incidents.api.urls")),
    path("", include("incidents.urls")),
]
