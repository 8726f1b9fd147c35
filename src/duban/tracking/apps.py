from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "duban.tracking"
    label = "tracking"
    verbose_name = "进展督办"

    def ready(self) -> None:
        from duban.plans import revision
        from duban.tracking.models import Figure, Milestone, Period, ProgressReport, TrackingSettings

        def plan_of_task(task_id: int) -> int | None:
            from duban.plans.models import Task

            return Task.objects.filter(pk=task_id).values_list("plan_id", flat=True).first()

        revision.watch(ProgressReport, lambda r: plan_of_task(r.task_id))
        revision.watch(
            Figure,
            lambda f: (
                ProgressReport.objects.filter(pk=f.report_id).values_list("task__plan_id", flat=True).first()
            ),
        )
        revision.watch(Milestone, lambda m: plan_of_task(m.task_id))
        revision.watch(TrackingSettings, lambda s: s.plan_id)
        revision.watch(Period, lambda p: p.plan_id)
