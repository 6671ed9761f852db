"""Routes that take a file may receive more than the application-wide request limit (MAX_CONTENT_LENGTH).

The limit must be raised before anything reads the body, and CSRF protection reads the form in its own
before-request hook; so the view declares its limit with a decorator and a hook registered ahead of
CSRFProtect applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request

ATTRIBUTE = "max_request_bytes"


def accepts_upload(
    max_bytes: int | Callable[[], int], too_large: Callable[[], Any] | None = None
) -> Callable[[Any], Any]:
    """Mark a view as taking a file of up to max_bytes (or what the callable says, read per request).

    too_large, if given, answers a request that announces a larger body (its own page instead of the
    general 413 page); it must not read the body."""

    def mark(view):
        setattr(view, ATTRIBUTE, (max_bytes, too_large))
        return view

    return mark


def init_upload_limits(app: Flask) -> None:
    """Register before CSRFProtect: its hook parses the body under the limit this sets."""

    @app.before_request
    def raise_limit_for_uploads() -> Any:
        view = current_app.view_functions.get(request.endpoint or "")
        marked = getattr(view, ATTRIBUTE, None)
        if marked is None:
            return None
        limit, too_large = marked
        request.max_content_length = limit() if callable(limit) else limit
        if too_large is not None and (request.content_length or 0) > request.max_content_length:
            return too_large()
        return None
