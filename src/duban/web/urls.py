"""Addresses: a request path in, the view that serves it out. These addresses are stable."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from duban.bulletins import views as bulletin_views
from duban.orders import views as order_views
from duban.plans import views as plan_views
from duban.publish import views as publish_views
from duban.tracking import views as tracking_views
from duban.web.api import api

# Any exception no view answered: a busy database is a 503 to retry, never a 500 (see ``errors``).
handler500 = "duban.web.errors.server_error"

admin.site.site_header = "督办 duban 管理"
admin.site.site_title = "督办 duban"
admin.site.index_title = "督查室管理后台"


def healthz(request):
    """A trivial view: the benchmark's baseline and a load balancer's health check."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", publish_views.overview, name="overview"),
    path("ledger/", publish_views.ledger, name="ledger"),
    path("cascade/", publish_views.cascade_page, name="cascade"),
    path("tasks/<str:task_id>/", plan_views.task_detail, name="task"),
    path("tasks/<str:task_id>/report/<str:period>/", tracking_views.report_form, name="report-form"),
    path("plans/<int:plan_id>/report/", plan_views.report_text, name="report-text"),
    path("plans/<int:plan_id>/promises/", publish_views.promises, name="promises"),
    path(
        "plans/<int:plan_id>/promises/<int:check_id>/override/",
        publish_views.promise_override,
        name="promise-override",
    ),
    path("plans/<int:plan_id>/promises/draft-review.docx", publish_views.promise_draft, name="promise-draft"),
    path(
        "plans/<int:plan_id>/promises/export.<str:fmt>", publish_views.promise_export, name="promise-export"
    ),
    path("inbox/", tracking_views.inbox, name="inbox"),
    path("review/", tracking_views.review_queue, name="review"),
    path("review/<int:report_id>/", tracking_views.review_action, name="review-action"),
    path("plans/<int:plan_id>/bulletins/", bulletin_views.plan_bulletins, name="bulletins"),
    path("bulletins/<int:bulletin_id>/", bulletin_views.bulletin_page, name="bulletin"),
    path("bulletins/<int:bulletin_id>/docx", bulletin_views.bulletin_docx, name="bulletin-docx"),
    path("plans/<int:plan_id>/orders/", order_views.plan_orders, name="orders"),
    path("orders/<int:order_id>/", order_views.order_page, name="order"),
    path("orders/<int:order_id>/docx", order_views.order_docx, name="order-docx"),
    path(
        "public/bulletins/<int:bulletin_id>/docx", bulletin_views.public_bulletin_docx, name="public-bulletin"
    ),
    path("public/", publish_views.public_index, name="public"),
    path("public/<int:plan_id>/", publish_views.public_plan, name="public-plan"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    # Back to our sign-in page, not the admin's "logged out" page (whose link leads to the admin login).
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
]
