from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from duban.accounts import backends
        from duban.accounts.models import Profile
        from duban.plans.models import Department

        for signal in (post_save, post_delete):
            signal.connect(backends.forget_user, sender=settings.AUTH_USER_MODEL, weak=False)
            signal.connect(backends.forget_profile, sender=Profile, weak=False)
        post_save.connect(backends.forget_unit_liaisons, sender=Department, weak=False)
