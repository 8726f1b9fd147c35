from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "duban.tracking"
    label = "tracking"
    verbose_name = "进展督办"

    def ready(self) -> None:
        from duban.plans import revision
        from duban.tracking.models import (
            Evidence,
            Figure,
            Milestone,
            Period,
            ProgressReport,
            TrackingSettings,
        )

        revision.watch(ProgressReport, "task.plan_id")
        revision.watch(Figure, "report.task.plan_id")
        revision.watch(Evidence, "report.task.plan_id")
        revision.watch(Milestone, "task.plan_id")
        revision.watch(TrackingSettings, "plan_id")
        revision.watch(Period, "plan_id")
