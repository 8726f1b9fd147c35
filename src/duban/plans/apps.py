from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "分工方案"

    def ready(self) -> None:
        from duban.plans import revision
        from duban.plans.models import Assignment, Section, Target, Task

        revision.watch(Task, "plan_id")
        revision.watch(Section, "plan_id")
        revision.watch(Target, "task.plan_id")
        revision.watch(Assignment, "task.plan_id")
