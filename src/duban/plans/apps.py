from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "分工方案"
