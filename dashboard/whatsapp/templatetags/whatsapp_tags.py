"""Template helpers of the WhatsApp pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from html import escape
from typing import Any

from django import forms, template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext

from dashboard.core import fast_forms
from dashboard.core.render_once import remembered

register = template.Library()


@register.simple_tag
def whatsapp_nav(account: Any, request_id: str, section: str) -> SafeString:
    """The WhatsApp section's own menu, ``section`` ("home" or "profiles") marked current."""
    args = (account.account_id, str(request_id), section, get_language())
    return _nav(*args, get_script_prefix(), get_urlconf())


@remembered(maxsize=1024)
def _nav(
    account_id: Any, request_id: str, section: str, language: str | None, prefix: str, urlconf: Any
) -> SafeString:
    """A function of these alone, so written once and remembered (its three reversed links and
    four translated words were ~0.15 ms of every WhatsApp page; issue 19): ``language`` for
    the words, the URL configuration and script prefix for the links.

    Written here rather than included: the include (a template, its context and three ``{% url
    %}``) cost half a millisecond on every WhatsApp page. A template's translated words are
    safe text, not escaped: so are they here.
    """
    ids = {"account_id": account_id, "whatsapp_request_id": request_id}
    picker = reverse("whatsapp:picker", kwargs={"account_id": account_id})
    links = [
        ("home", reverse("whatsapp:home", kwargs=ids), gettext("Business account and languages")),
        ("profiles", reverse("whatsapp:profiles", kwargs=ids), gettext("Profiles")),
        ("", f"{picker}?all=1", gettext("All WhatsApp requests")),
    ]
    current = ' aria-current="page"'
    items = "".join(
        f'    <li><a href="{escape(url)}"{current if name == section else ""}>{words}</a></li>\n'
        for name, url, words in links
    )
    return mark_safe(  # noqa: S308 - the URLs are escaped, the words are the catalogue's
        f'<nav aria-label="{gettext("WhatsApp")}" class="subnav">\n  <ul>\n{items}  </ul>\n</nav>'
    )


@register.simple_tag(takes_context=True)
def business_facts(context: template.Context, business: Any) -> SafeString:
    """The business account's dates as home.html wrote them: requested, fulfilled ("not yet"
    without one) and, once cancelled, cancelled, each as ``|date:"j M Y, H:i"`` shows it.

    Written here rather than in template syntax: three ``|date`` filters, their lookups and
    four translated words were about a fifth of home.html's own rendering. The list is a
    function of the dates, the language and the time zone they are shown in, so it is written
    once for them and remembered (issue 19)."""
    use_tz = settings.USE_TZ if context.use_tz is None else context.use_tz
    zone = get_current_timezone() if use_tz else None
    dates = (business.created_on_utc, business.fulfilled_on_utc, business.cancelled_on_utc)
    # Moments equal as instants compare (and hash) equal whatever their offsets; shown without
    # a zone, each in its own offset, they read differently: the offsets key them too.
    offsets = tuple(moment.utcoffset() if moment else None for moment in dates)
    return _business_facts(dates, offsets, get_language(), zone)


@remembered(maxsize=256)
def _business_facts(
    dates: tuple[datetime | None, datetime | None, datetime | None],
    offsets: tuple[Any, ...],
    language: str | None,
    zone: tzinfo | None,
) -> SafeString:
    """``offsets`` and ``language`` only key what is remembered: the words and month names
    are the active language's. A template's translated words are safe text, not escaped: so
    are they here; a formatted date is escaped, as ``{{ }}`` does."""
    created, fulfilled, cancelled = (_shown_date(moment, zone) for moment in dates)
    rows = [
        f"<dt>{gettext('Requested')}</dt><dd>{created or '—'}</dd>",
        f"<dt>{gettext('Fulfilled')}</dt><dd>{fulfilled or gettext('not yet')}</dd>",
        f"<dt>{gettext('Cancelled')}</dt><dd>{cancelled}</dd>" if dates[2] else "",
    ]
    return mark_safe(  # noqa: S308 - the dates are escaped, the words are the catalogue's
        '<dl class="facts">\n      ' + "\n      ".join(rows) + "\n    </dl>"
    )


def _shown_date(moment: datetime | None, zone: tzinfo | None) -> str:
    """``moment|date:"j M Y, H:i"``, escaped: in ``zone`` when it is aware (the template shows
    a moment in the current time zone), "" for none."""
    if moment is None:
        return ""
    if zone is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(zone)
    return escape(date_format(moment, "j M Y, H:i"))


@register.simple_tag
def active_languages(languages: Iterable[Any]) -> SafeString:
    """The active languages, ``<li>`` name and code, as home.html's ``{% for %}`` wrote them
    (a lookup and an escape per value in template syntax; issue 19). CM.com's plain text, so
    ``html.escape`` does what ``{{ }}`` did."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f"<li>{escape(str(lang.name))} <code>{escape(str(lang.code))}</code></li>"
            for lang in languages
        )
    )


@register.simple_tag
def language_choices(languages: Iterable[Any]) -> SafeString:
    """The supported languages to activate, one ``<li>`` a line, as home.html wrote them.

    Written here rather than by a ``{% for %}``: each of the ~70 rows translated its button's
    words again in a ``{% blocktranslate %}``, most of the home page's own rendering. The list
    is CM.com's, the same for every account but for the languages already active, so the rows
    are remembered by what they show (id, name, code) and the language (~0.1 ms a view of the
    home page; issue 19)."""
    shown = tuple((str(lang.id), str(lang.name), str(lang.code)) for lang in languages)
    return _language_rows(shown, get_language())


@remembered(maxsize=64)
def _language_rows(shown: tuple[tuple[str, str, str], ...], language: str | None) -> SafeString:
    """The words are translated once per call, the name put in as ``blocktranslate`` does
    (escaped). The values are CM.com's plain text, never safe strings, so ``html.escape``
    (what Django's ``escape`` calls) does it without ``conditional_escape``'s checks.
    ``language`` only keys what is remembered: the words are the active language's."""
    activate = gettext('Activate <span class="visually-hidden">%(name)s</span>')
    rows: list[str] = []
    for lang_id, name, code in shown:
        lang_id, name = escape(lang_id), escape(name)
        rows.append(
            f'<li id="supported-{lang_id}"><span>{name} <code>{escape(code)}'
            f'</code></span> <button type="submit" name="language_id" value="{lang_id}" '
            f'class="secondary outline small">{activate % {"name": name}}</button></li>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def profile_rows(profiles: Iterable[Any], profiles_url: str) -> SafeString:
    """The profile list's rows, as profiles.html wrote them with a ``{% for %}``.

    Written here for the reason ``language_choices`` is: a row in template syntax (a ``{% url
    %}``, a dozen lookups) was most of the list's own rendering. A profile's page is its id
    under the list's URL (``whatsapp.urls``), so the list's URL is reversed once, not per row.
    """
    rows: list[str] = []
    for profile in profiles:
        # The new line the template had between image and link showed as a space.
        image = (
            f'<img class="avatar" src="{escape(profile.image_src)}" alt="" width="32" height="32"> '
            if profile.image_src
            else ""
        )
        rows.append(
            f'<tr><td class="profile-cell">{image}<a href="{escape(profiles_url)}'
            f'{escape(profile.id)}/">{escape(profile.name)}</a></td>'
            f"<td>{escape(profile.phone_display)}</td>"
            f'<td><span class="badge badge-{escape(profile.state)}">'
            f"{escape(profile.state_label)}</span></td><td>{escape(profile.otp_label)}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def form_fields(form: forms.Form) -> SafeString:
    """``{% include "partials/form.html" with form=form %}``, remembered for a blank form.

    Only for a form whose fields are its class's (no choices or labels given to it), such as
    the profile page's "new phone number": blank, it reads the same for everyone
    (~0.25 ms of the profile page; issue 19). A bound form is written each time."""
    return fast_forms.fields_remembered(form, fixed=True)
