"""``{% request_content %}``: the content of a channel request's page, written in Python.

What ``channels/_request_content.html`` wrote with ~15 translations, three dates, a plural,
four links and a dozen conditions: the last work of the page after CM.com has answered, so
each tenth of a millisecond of it is the page's own time (issue 19). Written here it costs a
fraction of the template's, with the same output: every value goes through
``render_value_in_context`` (localised and escaped as ``{{ }}`` does), dates through Django's
``date`` filter after ``template_localtime`` (as the template engine calls it), and the
translated words of the template, which a template does not escape, are not escaped either.
Every ``gettext`` here is a plain call, never inside an f-string: makemessages (xgettext)
does not look inside f-strings, and drops what it does not find from the catalogues.

Takes from the context: ``account``, ``detail`` (``selectors.RequestDetail``), ``tracked``
(the tracker's read) and ``tracked_part`` (the tracker's part, written ahead by the view), as
the template did.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.template.loader import get_template
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from dashboard.channels.templatetags.channels_tags import request_progress
from dashboard.core.labels import label
from dashboard.core.render_once import reversed_url
from dashboard.tracker.templatetags.tracked import tracked_check

register = template.Library()

_UNAVAILABLE = "partials/upstream_unavailable.html"
_DASH = "—"


def _failed(value: object) -> bool:
    """The ``|failed`` filter."""
    return getattr(value, "is_failure", False) is True


def _url(view_name: str, *args: Any, quiet: bool = False) -> str:
    """``{% url %}`` as the page wrote it (no request app: the routes have one instance);
    ``quiet``: as ``{% url ... as name %}``, empty when it does not reverse."""
    try:
        return reversed_url(view_name, args)
    except NoReverseMatch:
        if quiet:
            return ""
        raise


def _date(value: Any, format_name: str, context: template.Context) -> str:
    """``value|date:format_name``, as the template engine applies the filter."""
    return date_filter(template_localtime(value, use_tz=context.use_tz), format_name)


def _unavailable(context: template.Context, failure: Any, what: str, retry_href: str) -> SafeString:
    """``{% include "partials/upstream_unavailable.html" with ... %}``."""
    with context.push(failure=failure, what=mark_safe(what), retry_href=retry_href):  # noqa: S308
        return get_template(_UNAVAILABLE).template.render(context)


class _Words:
    """The content's fixed words in one language (each a translated literal, not escaped)."""

    def __init__(self) -> None:
        self.breadcrumb = gettext("Breadcrumb")
        self.channel_requests = gettext("Channel requests")
        self.request = gettext("Request")
        self.channel_request = gettext("channel request")
        self.id = gettext("Id")
        self.status = gettext("Status")
        self.channel_type = gettext("Channel type")
        self.requested = gettext("Requested")
        self.expected_by = gettext("Expected by")
        self.overdue = gettext("Overdue")
        self.fulfilled = gettext("Fulfilled")
        self.cancelled = gettext("Cancelled")
        self.progress = gettext("Progress")
        self.channels_of_request = gettext("Channels of this request")
        self.pending = gettext("Pending")
        self.all_channels = gettext("All channels")
        # ``default:_("no")``: a translated literal, which the template does not escape.
        self.no = mark_safe(gettext("no"))  # noqa: S308


@functools.lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    return _Words()


@register.simple_tag(takes_context=True)
def request_content(context: template.Context) -> SafeString:
    """The request page's content: breadcrumb, facts, progress, the tracker's part and the
    request's channels (the module says how it matches the template it replaces)."""
    w = _words(get_language())
    detail = context["detail"]
    account = context["account"]
    found = detail.request
    kind = detail.channel_type

    def out(value: Any) -> str:
        return render_value_in_context(value, context)

    requests_url = _url("channels:requests", account.account_id)
    html: list[str] = [
        f'\n\n<nav aria-label="{w.breadcrumb}" class="ch-breadcrumb">\n  <ul>\n'
        f'    <li><a href="{conditional_escape(requests_url)}">{w.channel_requests}'
        f'</a></li>\n    <li aria-current="page">{w.request}</li>\n  </ul>\n</nav>\n'
    ]
    if _failed(found):
        title = gettext("Channel request")
        html.append(f"\n  <h1>{title}</h1>\n  \n  ")
        html.append(_unavailable(context, found, gettext("This channel request"), requests_url))
        html.append("\n\n")  # the template's last line break is the third
        return mark_safe("".join(html))  # noqa: S308  (every value escaped)
    known_kind = bool(kind) and not _failed(kind)
    heading = out(kind.description) if known_kind else ""
    html.append(
        f"\n<hgroup>\n  <h1>{heading} {w.channel_request}</h1>\n"
        f"  <p>{w.id} <code>{out(found.id)}</code> · {out(account.name)}</p>\n"
        "</hgroup>\n\n"
        '<div class="parts">\n<section class="part" aria-labelledby="request-facts-title">\n'
        f'  <h2 id="request-facts-title">{w.request}</h2>\n  <dl class="ch-facts">\n'
        f"    <dt>{w.status}</dt><dd>"
        f'<span class="badge ch-status-{out(detail.status)}">'
        f"{out(label('channel_request_status', detail.status))}</span></dd>\n"
        f"    <dt>{w.channel_type}</dt>\n    <dd>"
    )
    if found.channel_type_id:
        type_url = conditional_escape(
            _url("channels:type_detail", account.account_id, found.channel_type_id)
        )
        named = out(kind.description) if known_kind else out(found.channel_type_id)
        html.append(f'<a href="{type_url}">{named}</a>')
    else:
        html.append(_DASH)
    requested = _date(found.created_on_utc, "DATETIME_FORMAT", context) or _DASH
    html.append(
        f"</dd>\n    <dt>{w.requested}</dt><dd>{out(requested)}</dd>\n"
        f"    <dt>{w.expected_by}</dt>\n    <dd>\n      "
    )
    if detail.expected:
        overdue = f'<span class="badge badge-bad">{w.overdue}</span>' if detail.overdue else ""
        days = kind.channel_request_processing_days
        processing = ngettext(
            "requested + %(days)s processing day", "requested + %(days)s processing days", days
        ) % {"days": out(days)}
        html.append(
            f"\n        {out(_date(detail.expected, 'DATE_FORMAT', context))}\n"
            f"        {overdue}\n        <br><small>{processing}</small>\n      "
        )
    elif _failed(kind):
        unknown = gettext("unknown: the channel type could not be loaded.")
        html.append(f"\n        {unknown} {out(kind.message)}\n      ")
    else:
        html.append(_DASH)
    fulfilled = _date(found.fulfilled_on_utc, "DATETIME_FORMAT", context) or "not yet"
    cancelled = _date(found.cancelled_on_utc, "DATETIME_FORMAT", context) or w.no
    html.append(
        f"\n    </dd>\n    <dt>{w.fulfilled}</dt><dd>{out(fulfilled)}</dd>\n"
        f"    <dt>{w.cancelled}</dt><dd>{out(cancelled)}</dd>\n  </dl>\n</section>\n\n"
        '<section class="part" aria-labelledby="request-progress">\n'
        f'  <h2 id="request-progress">{w.progress}</h2>\n  '
    )
    progress = detail.progress
    if _failed(progress):
        detail_url = _url("channels:request_detail", account.account_id, found.id, quiet=True)
        what = gettext("The request's progress")
        html.append(f"\n    \n    {_unavailable(context, progress, what, detail_url)}\n  ")
    elif progress:
        html.append(f"\n    {request_progress(progress, 'request-progress')}\n  ")
    else:
        waiting = gettext(": it is waiting for CM.com") if found.is_pending else ""
        no_channel = gettext(
            "CM.com reports a request's progress on its channels, and this request has no "
            "channel yet"
        )
        html.append(f"\n    <p>{no_channel}{waiting}.</p>\n  ")
    html.append("\n</section>\n</div>\n")
    tracked = context.get("tracked_part")
    if tracked is None:
        tracked = tracked_check(
            context, account, "channel_request", found.id, read=context.get("tracked")
        )
    html.append(f"{tracked}\n\n")
    channels = detail.channels
    if channels and not _failed(channels):
        channels_url = _url("channels:list", account.account_id, quiet=True)
        html.append(
            '\n<section aria-labelledby="request-channels-title">\n'
            f'  <h2 id="request-channels-title">{w.channels_of_request} '
            f"<small>{out(len(channels))}</small></h2>\n"
            '  <ul class="ch-channel-links">\n    '
        )
        link_head = out(channels_url)
        pending = f' <span class="badge ch-pending">{w.pending}</span>'
        for channel in channels[:20]:
            html.append(
                f'\n    <li><a href="{link_head}{out(channel.id)}/">'
                f"{out(channel.channel_id or channel.id)}</a>"
                f"{pending if channel.is_pending else ''}</li>\n    "
            )
        html.append("\n  </ul>\n  ")
        if len(channels) > 20:
            html.append(f'<p><a href="{link_head}">{w.all_channels}</a></p>')
        html.append("\n</section>\n")
    html.append("\n\n")  # the template's last line break is the third
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)
