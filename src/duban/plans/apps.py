from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "分工方案"

    def ready(self) -> None:
        from duban.plans import revision
        from duban.plans.models import Assignment, Section, Target, Task

        revision.watch(Task, lambda task: task.plan_id)
        revision.watch(Section, lambda section: section.plan_id)
        revision.watch(
            Target,
            lambda target: Task.objects.filter(pk=target.task_id).values_list("plan_id", flat=True).first(),
        )
        revision.watch(
            Assignment, lambda a: Task.objects.filter(pk=a.task_id).values_list("plan_id", flat=True).first()
        )
