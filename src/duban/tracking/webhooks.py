"""Group robots (WeCom 企业微信, DingTalk 钉钉): a channel, a webhook address and a text in; the
robot's verdict out — "" when it took the message, else one line saying what went wrong.

Nothing here raises for a robot's failure: a refused message, an HTTP error, a refused connection
or a timeout is an answer the caller records, and the run goes on.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from duban.tracking.models import Channel
from duban.tracking.reminder_messages import failure

TIMEOUT = 5.0  # seconds; a robot that has not answered by then is recorded as failed
# The longest text content each robot takes (bytes); a longer group message drops its last units.
MAX_BYTES = {Channel.WECOM: 2048, Channel.DINGTALK: 20000}
_MAX_REPLY = 64 * 1024

Poster = Callable[[str, dict], Any]
"""Posts a JSON body to a webhook and returns the decoded JSON reply; raises ``OSError`` (HTTP
errors, refused connections, timeouts), ``http.client.HTTPException`` or ``ValueError`` (a reply
that is not JSON) when it cannot."""


def robot_payload(channel: Channel, content: str) -> dict:
    """The JSON a WeCom or DingTalk group robot takes for a text message."""
    if channel == Channel.WECOM:
        return {"msgtype": "text", "text": {"content": content, "mentioned_list": []}}
    return {"msgtype": "text", "text": {"content": content}, "at": {"isAtAll": False}}


def post_json(url: str, payload: dict) -> Any:
    """The default ``Poster``: urllib, the environment's proxy settings, ``TIMEOUT`` seconds."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read(_MAX_REPLY).decode("utf-8"))


def deliver(post: Poster, channel: Channel, url: str, content: str) -> str:
    """Post ``content`` to the robot at ``url``; "" when it answered errcode 0, else what went wrong."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        return failure("bad_address")  # urllib would also open file:// and ftp:// addresses
    try:
        reply = post(url, robot_payload(channel, content))
    except urllib.error.HTTPError as err:
        return failure("http", status=err.code, reason=err.reason)
    except urllib.error.URLError as err:
        return failure("unreachable", reason=err.reason)
    except (OSError, http.client.HTTPException) as err:  # a timeout or a dropped connection mid-reply
        return failure("unreachable", reason=str(err) or type(err).__name__)
    except ValueError as err:
        return failure("bad_reply", reply=err)
    return _verdict(reply)


def _verdict(reply: Any) -> str:
    # Both robots answer HTTP 200 even when they refuse a message; only errcode says it arrived.
    if not isinstance(reply, dict) or "errcode" not in reply:
        return failure("bad_reply", reply=str(reply)[:100])
    if reply["errcode"] == 0:
        return ""
    return failure("errcode", errcode=reply["errcode"], errmsg=reply.get("errmsg", ""))
