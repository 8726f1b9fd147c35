from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "分工方案"

    def ready(self) -> None:
        from duban.plans import revision
        from duban.plans.models import Assignment, Department, Government, Plan, Section, Target, Task

        revision.watch(Plan, "pk")
        revision.watch(Government, "pk", whole_government=True)
        revision.watch(Department, "government_id", whole_government=True)
        revision.watch(Task, "plan_id")
        revision.watch(Section, "plan_id")
        revision.watch(Target, "task.plan_id")
        revision.watch(Assignment, "task.plan_id")
