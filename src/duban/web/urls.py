"""Addresses: a request path in, the view that serves it out. These addresses are stable."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from duban.pages.views import dashboard, reporting, tasks
from duban.web.api import api

admin.site.site_header = "督办 duban 管理"
admin.site.site_title = "督办 duban"
admin.site.index_title = "督查室管理后台"


def healthz(request):
    """A trivial view: the benchmark's baseline and a load balancer's health check."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", dashboard.overview, name="overview"),
    path("ledger/", dashboard.ledger, name="ledger"),
    path("tasks/<str:task_id>/", tasks.task_detail, name="task"),
    path("tasks/<str:task_id>/report/<str:period>/", reporting.report_form, name="report-form"),
    path("plans/<int:plan_id>/report/", tasks.report_text, name="report-text"),
    path("inbox/", reporting.inbox, name="inbox"),
    path("review/", reporting.review_queue, name="review"),
    path("review/<int:report_id>/", reporting.review_action, name="review-action"),
    path("public/", dashboard.public_index, name="public"),
    path("public/<int:plan_id>/", dashboard.public_plan, name="public-plan"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    # Back to our sign-in page, not the admin's "logged out" page (whose link leads to the admin login).
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
]
