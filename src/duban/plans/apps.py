from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "分工方案"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from duban.plans import revision
        from duban.plans.models import Assignment, Department, Government, Leader, Plan, Section, Target, Task

        revision.watch(Plan, "pk")
        revision.watch(Government, "pk", whole_government=True)
        revision.watch(Department, "government_id", whole_government=True)
        # Pages show each task's 责任领导, which follows the leaders' names and their units.
        revision.watch(Leader, "government_id", whole_government=True)
        m2m_changed.connect(
            revision.leader_units_changed,
            sender=Leader.departments.through,
            weak=False,
            dispatch_uid="duban-revision-leader-units",
        )
        revision.watch(Task, "plan_id", task="pk")
        revision.watch(Section, "plan_id")
        revision.watch(Target, "task.plan_id", task="task_id")
        revision.watch(Assignment, "task.plan_id", task="task_id")
