from django.apps import AppConfig


class ClosingConfig(AppConfig):
    name = "duban.closing"
    label = "closing"
    verbose_name = "兑现核查"

    def ready(self) -> None:
        from duban.closing import services
        from duban.plans.signals import plan_imported

        plan_imported.connect(services.on_plan_imported, dispatch_uid="closing.recheck")
