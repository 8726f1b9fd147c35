"""The JSON API (django-ninja): the apps' routers, who the caller is and how refusals are answered in;
one API under /api/ with its OpenAPI at /api/openapi.json and the docs page at /api/docs out.

Who: ``Authorization: Bearer <token>`` (``duban user token`` issues one; ``user_for_token`` checks it)
or the browser's session. A session is only trusted for unsafe methods with a CSRF token, as a
form would be; a bearer token is not a cookie, so it needs none. No caller → 401.

Refusals raised by the services (``duban.errors.Refusal``) become 4xx with ``{"detail": "…"}``
in Chinese: ``NotFound`` 404, ``Forbidden`` 403, ``EditConflict`` 409, any other 400
(each refusal carries its status, as on the pages). Invalid parameters or bodies are 422.
"""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from duban.accounts import throttle
from duban.accounts.services import user_for_token
from duban.errors import Refusal
from duban.web.api.bulletins import router as bulletins_router
from duban.web.api.ledger import router as publish_router
from duban.web.api.orders import router as orders_router
from duban.web.api.plans import router as plans_router
from duban.web.api.reports import router as tracking_router

_TOKENS_LOCKED = "错误的令牌次数过多：本地址暂被禁止调用接口，请 15 分钟后再试，或联系督查室核对令牌"


class BearerToken(HttpBearer):
    """``Authorization: Bearer dbn_…``; scripts and other systems use this."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token:
            return None
        if throttle.locked_out(request):
            raise HttpError(429, _TOKENS_LOCKED)
        user = user_for_token(token)
        if user is None:
            throttle.failed(request)
        else:
            # History entries written during this request name the token's owner, not anonymous.
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session (the docs page, the site's own scripts).

    ninja's ``SessionAuth`` checks CSRF before it knows whether anyone is signed in, so a request
    with neither session nor token would get 403 instead of 401; this checks the session first.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403, "CSRF 校验失败：用会话调用接口时请在 X-CSRFToken 请求头中附带 csrftoken，或改用令牌"
            )
        return request.user


class ChineseJSON(JSONRenderer):
    """UTF-8 JSON: the messages and task texts stay readable in a terminal or a log."""

    json_dumps_params = {"ensure_ascii": False}


# Swagger UI's defaults would ask validator.swagger.io for a badge: an outside request that an
# offline network cannot make and the site's Content-Security-Policy forbids anyway.
_docs = Swagger(settings={"validatorUrl": None})

api = NinjaAPI(
    title="督办 duban API",
    version="1",
    description="政府工作报告重点任务督办：计划、任务、目标、进展报送与审核、状态和灯。"
    "认证：请求头 Authorization: Bearer <令牌>（duban user token 生成），或已登录的浏览器会话。",
    docs=_docs,
    docs_url="/docs",
    urls_namespace="api",
    auth=[BearerToken(), SignedInSession()],
    renderer=ChineseJSON(),
)
api.add_router("", plans_router)
api.add_router("", publish_router)
api.add_router("", tracking_router)
api.add_router("", orders_router)
api.add_router("", bulletins_router)


def _answer(request: HttpRequest, message: str, status: int, api: NinjaAPI, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


def _refused(request: HttpRequest, exc: Refusal, api: NinjaAPI) -> HttpResponse:
    return _answer(request, str(exc), exc.status, api)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    return _answer(request, "请先登录，或在请求头中附带 Authorization: Bearer <令牌>", 401, api)


def _invalid(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    # ``errors`` keeps pydantic's list (where and why) for programs; ``detail`` is for people.
    said = "；".join(_said(e) for e in exc.errors[:5])
    return _answer(request, f"请求不符合接口说明：{said}", 422, api, errors=exc.errors)


_PLACES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}
_PROBLEMS = {
    "missing": "缺少",
    "string_too_long": "过长",
    "string_too_short": "为空",
    "less_than_equal": "过大",
    "greater_than_equal": "过小",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
}


def _said(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    place = loc[0] if loc else ""
    # ninja puts the handler's parameter name after "body"; callers only know the fields.
    fields = loc[2:] if place == "body" else loc[1:]
    where = " ".join(filter(None, [_PLACES.get(place, place), ".".join(fields)]))
    return f"{where} {_PROBLEMS.get(str(error.get('type')), '不合要求')}"


# ninja's own messages, said in Chinese.
_HTTP_MESSAGES = {
    "Cannot parse request body": "请求体无法解析：请发送 UTF-8 编码的 JSON",
    "Too many requests.": "请求过于频繁，请稍后再试",
}


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    response = _answer(request, _HTTP_MESSAGES.get(str(exc), str(exc)), exc.status_code, api)
    if exc.status_code == 429:
        response["Retry-After"] = str(throttle.window())
    return response


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return _answer(request, "没有这个对象", 404, api)


for _kind, _handler in [
    (Refusal, _refused),
    (AuthenticationError, _unauthenticated),
    (ValidationError, _invalid),
    (HttpError, _http_error),
    (Http404, _not_found),
]:
    api.add_exception_handler(_kind, partial(_handler, api=api))
