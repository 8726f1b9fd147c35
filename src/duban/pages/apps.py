from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "duban.pages"
    label = "pages"
    verbose_name = "页面"
