from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TrackingConfig(AppConfig):
    name = "duban.tracking"
    label = "tracking"
    verbose_name = "进展督办"

    def ready(self) -> None:
        from duban.accounts import backends
        from duban.plans import revision
        from duban.plans.signals import plan_imported
        from duban.tracking import memo, notices, stored
        from duban.tracking.models import (
            Evidence,
            Figure,
            Milestone,
            Period,
            ProgressReport,
            TrackingSettings,
        )

        # The unread count rides on the kept signed-in user (a profile saved drops it, so a
        # liaison moved to another unit counts that unit's notices from the next page on).
        backends.on_load(notices.attach_count)
        revision.watch(ProgressReport, "task.plan_id", task="task_id", period="period_id")
        revision.watch(Figure, "report.task.plan_id", task="report.task_id", period="report.period_id")
        revision.watch(Evidence, "report.task.plan_id", task="", period="")
        revision.watch(Milestone, "task.plan_id", task="task_id")
        revision.watch(TrackingSettings, "plan_id")
        revision.watch(Period, "plan_id")
        for model in (TrackingSettings, Period):
            for signal in (post_save, post_delete):
                signal.connect(memo.forget_saved, sender=model, dispatch_uid=f"duban-memo-{model.__name__}")
        plan_imported.connect(stored.after_import, dispatch_uid="tracking.stored")
