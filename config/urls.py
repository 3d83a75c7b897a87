from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

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
    path("", include("incidents.urls")),
]
