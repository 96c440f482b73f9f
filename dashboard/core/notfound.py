"""The object a URL names is not at CM.com: a real 404, with words, on every page and part.

A view reads its page's main object (the channel, the template, the profile …) and hands the
result to ``found_or_404``::

    template = notfound.found_or_404(
        selectors.template(account, request_id, template_id),
        "template",
        back=(reverse("studio:list", ...), "the templates"),
    )

When CM.com answered 404 for it, that raises ``NotAtCM`` (an ``Http404``), and the handler404
(``dashboard.core.views.page_not_found``) shows the product's 404 page with the words and a
way back, or, for htmx, a 404 that swaps nothing and says it in a toast. Any other failure is
returned unchanged, for the page to say in place. CM.com keeps every account's objects apart,
so an id of another account is a 404 there, the same as a deleted one; its 403 is about the
product token and the account, never one object, so it stays an in-place message.

Only the object the URL names is a 404: a secondary read that is missing stays an in-place
message and the page still shows.
"""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from channels_api import errors

T = TypeVar("T")

DEFAULT_MESSAGE = gettext_lazy("There is nothing here, or it is not shared with you.")


class NotAtCM(Http404):
    """CM.com has no such object in this account: a 404 whose words the person may read.

    ``message`` never holds a token (it is written here, from the kind of object, never from
    CM.com's answer); ``back`` is the URL of the page to go back to and its name ("the
    templates"), shown as a link on the 404 page.
    """

    def __init__(self, what: str, *, back: tuple[str, str] | None = None) -> None:
        self.what = what
        self.back = back
        self.message = missing_words(what)
        super().__init__(self.message)


def missing_words(what: str) -> str:
    """``CM.com has no such template in this account — it may have been deleted.``"""
    return gettext("CM.com has no such %(what)s in this account — it may have been deleted.") % {
        "what": what
    }


def is_not_found(value: object) -> bool:
    """Whether a read's result (or a raised error) says CM.com has no such object.

    A failure is recognised by its marks (``is_failure``, ``kind``), as templates do: core sits
    below ``dashboard.upstream``, which writes ``UpstreamFailure``, and does not import it.
    """
    if getattr(value, "is_failure", False) is True:
        return getattr(value, "kind", None) == "not_found"
    return isinstance(value, errors.NotFound)


def found_or_404(value: T, what: str, *, back: tuple[str, str] | None = None) -> T:
    """``value`` (a read's result or its UpstreamFailure) unchanged, unless CM.com said it has
    no such ``what``: then ``NotAtCM``."""
    if is_not_found(value):
        raise NotAtCM(what, back=back)
    return value


def message_of(exception: BaseException | None, *, htmx: bool = False) -> str:
    """The words a 404 may show: NotAtCM's own, else the generic sentence (an Http404's
    argument is written for developers, and may name things a person should not read). A
    toast (``htmx``) adds what to do, since it has no link back."""
    if isinstance(exception, NotAtCM):
        return exception.message + (" " + gettext("Reload the page.") if htmx else "")
    return str(DEFAULT_MESSAGE) + (" " + gettext("Reload the page.") if htmx else "")
