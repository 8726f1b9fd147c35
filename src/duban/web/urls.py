"""Addresses: a request path in, the view that serves it out. These addresses are stable."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from duban.pages.views import (
    bulletins,
    dashboard,
    notices,
    office,
    orders,
    promises,
    reporting,
    review,
    sheets,
    tasks,
)
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
    path("", dashboard.overview, name="overview"),
    path("ledger/", dashboard.ledger, name="ledger"),
    path("ledger/export.xlsx", dashboard.ledger_export, name="ledger-export"),
    path("deadlines/", dashboard.deadline_view, name="deadlines"),
    path("cascade/", dashboard.cascade_page, name="cascade"),
    path("leaders/", dashboard.leaders, name="leaders"),
    path("leaders/<int:leader_id>/", dashboard.leader, name="leader"),
    path("tasks/<str:task_id>/", tasks.task_detail, name="task"),
    path("tasks/<str:task_id>/remind/", office.remind_for_task, name="task-remind"),
    path("tasks/<str:task_id>/report/<str:period>/", reporting.report_form, name="report-form"),
    path("plans/sheets/", sheets.choose, name="sheets-choose"),
    path("plans/<int:plan_id>/report/", tasks.report_text, name="report-text"),
    path("plans/<int:plan_id>/promises/", promises.promises, name="promises"),
    path(
        "plans/<int:plan_id>/promises/<int:check_id>/override/",
        promises.promise_override,
        name="promise-override",
    ),
    path("plans/<int:plan_id>/promises/draft-review.docx", promises.promise_draft, name="promise-draft"),
    path("plans/<int:plan_id>/promises/export.<str:fmt>", promises.promise_export, name="promise-export"),
    path("plans/<int:plan_id>/sheets/", sheets.sheets, name="sheets"),
    path("plans/<int:plan_id>/progress.xlsx", sheets.progress_download, name="progress-download"),
    path("plans/<int:plan_id>/progress/", sheets.progress_upload, name="progress-upload"),
    path("inbox/", reporting.inbox, name="inbox"),
    path("units/<int:department_id>/remind/", office.remind_department, name="unit-remind"),
    path("evidence/<int:evidence_id>/", reporting.evidence, name="evidence"),
    path("review/", review.queue, name="review"),
    path("review/accept/", review.accept_many, name="review-accept"),
    path("review/<int:report_id>/", review.review_action, name="review-action"),
    path("notifications/", notices.centre, name="notifications"),
    path("notifications/read/", notices.read_all, name="notifications-read"),
    path("notifications/<int:notice_id>/", notices.open_notice, name="notification"),
    path("accounts/", office.accounts, name="accounts"),
    path("accounts/new/", office.create_account, name="account-new"),
    path("accounts/<int:user_id>/password/", office.reset_password, name="account-password"),
    path("accounts/<int:user_id>/active/", office.set_active, name="account-active"),
    path("plans/<int:plan_id>/bulletins/", bulletins.plan_bulletins, name="bulletins"),
    path("bulletins/<int:bulletin_id>/", bulletins.bulletin_page, name="bulletin"),
    path("bulletins/<int:bulletin_id>/docx", bulletins.bulletin_docx, name="bulletin-docx"),
    path("plans/<int:plan_id>/orders/", orders.plan_orders, name="orders"),
    path("orders/<int:order_id>/", orders.order_page, name="order"),
    path("orders/<int:order_id>/docx", orders.order_docx, name="order-docx"),
    path("public/bulletins/<int:bulletin_id>/docx", bulletins.public_bulletin_docx, name="public-bulletin"),
    path("public/", dashboard.public_index, name="public"),
    path("public/<int:plan_id>/", dashboard.public_plan, name="public-plan"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    # Back to our sign-in page, not the admin's "logged out" page (whose link leads to the admin login).
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
]
