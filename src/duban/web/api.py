"""The JSON API (django-ninja): routers of the apps in, one API with its OpenAPI at /api/docs out."""

from ninja import NinjaAPI

api = NinjaAPI(title="督办 duban API", version="1", docs_url="/docs", urls_namespace="api")
