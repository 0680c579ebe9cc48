"""What keeps the studio safe on a shared computer: a secret token on every request, a CSRF
check on every change, a strict Content-Security-Policy and no traceback pages.

Like Jupyter, the address the studio prints carries a random token; the first visit trades it
for a cookie (HttpOnly, SameSite=Strict) so the token leaves the address bar. Any other site
open in the same browser can neither read the pages nor post changes: it lacks the cookie's
value and the per-run CSRF value that the pages send in a header.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "leaflets_studio"
CSRF_HEADER = "x-studio-csrf"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
SAFE_METHODS = ("GET", "HEAD")


class Secrets:
    """The run's token (in the printed address) and CSRF value (in every page)."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    """ASGI middleware: refuse requests without the token, changes without the CSRF value."""

    def __init__(self, app: ASGIApp, keys: Secrets) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        response = self._refusal(request)
        if response is None:
            await self.app(scope, receive, self._with_headers(send))
        else:
            await response(scope, receive, self._with_headers(send))

    def _refusal(self, request: Request) -> Response | None:
        if _same(request.query_params.get("token"), self.keys.token):
            if request.method in SAFE_METHODS:  # trade the token in the address for the cookie
                query = "&".join(f"{k}={v}" for k, v in request.query_params.multi_items() if k != "token")
                target = request.url.path + (f"?{query}" if query else "")
                redirect = RedirectResponse(target, status_code=303)
                redirect.set_cookie(COOKIE, self.keys.token, httponly=True, samesite="strict", path="/")
                return redirect
        elif not _same(request.cookies.get(COOKIE), self.keys.token):
            return PlainTextResponse(
                "This studio needs the address with its token, as printed where it was started.", status_code=403
            )
        if request.method not in SAFE_METHODS and not _same(request.headers.get(CSRF_HEADER), self.keys.csrf):
            return PlainTextResponse("This change did not come from the studio's own page.", status_code=403)
        return None

    def _with_headers(self, send: Send) -> Any:
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        return wrapped
