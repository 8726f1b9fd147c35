from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "duban.orders"
    label = "orders"
    verbose_name = "督办单"

    def ready(self) -> None:
        from duban.orders.models import Order, OrderReply, OrderRules
        from duban.plans import revision

        # The overview shows overdue orders in red: an order's change retires the plan's pages.
        revision.watch(Order, "plan_id", task="", period="")
        revision.watch(OrderReply, "order.plan_id", task="", period="")
        revision.watch(OrderRules, "plan_id", task="", period="")
