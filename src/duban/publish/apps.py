from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "duban.publish"
    label = "publish"
    verbose_name = "发布"
