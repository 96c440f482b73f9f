"""Rows of the studio's pages written in Python: the template list's rows, the editor's
replacement fields, its text per language, its preview and its inputs' error slots.

In template syntax (a dozen lookups, loops, filters and translated words each) a list row
cost a tenth of a millisecond and a field row a quarter besides its inputs, and the rows were
a large part of both pages' own time. Each tag writes the same HTML as the template it
replaced; the fixed words are translated once per rendering (``core.render_once``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dashboard.core.escaping import escape
from dashboard.core.render_once import per_rendering

register = template.Library()


class _Words:
    """The rows' fixed words in the rendering's language. A template's translated literals
    are not escaped (a translation may hold markup, as "Place&shy;holder" does): nor are
    these."""

    def __init__(self) -> None:
        self.no_language = mark_safe(gettext("No language yet"))  # noqa: S308
        self.placeholder = mark_safe(gettext("Placeholder"))  # noqa: S308
        self.name = mark_safe(gettext("Name"))  # noqa: S308
        self.type = mark_safe(gettext("Type"))  # noqa: S308
        self.sample = mark_safe(gettext("Sample"))  # noqa: S308
        self.delete = mark_safe(gettext("Delete"))  # noqa: S308
        self.delete_field = gettext("Delete field %(placeholder)s")


def _words(context: template.Context) -> _Words:
    return per_rendering(context, _Words)


class _EditorWords:
    """The words of the editor's text per language and preview, as ``_Words``."""

    def __init__(self) -> None:
        self.rejected = mark_safe(gettext("Rejected:"))  # noqa: S308
        self.locked = mark_safe(  # noqa: S308
            gettext("Approved by WhatsApp: an approved text cannot be edited.")
        )
        self.message_in = gettext("Message in %(name)s")
        self.count_format = mark_safe(gettext("{count} of {limit} characters"))  # noqa: S308
        self.count = gettext("%(count)s of 1024 characters")
        self.remove = gettext("Remove %(name)s")
        self.no_language = mark_safe(  # noqa: S308
            gettext("No language yet: add one to write the message.")
        )
        self.no_text = mark_safe(gettext("No text yet."))  # noqa: S308
        self.unknown_format = gettext(
            "No money and date format is known for %(language)s: shown as in English (US)."
        )
        self.no_preview = mark_safe(gettext("Add a language to see the message."))  # noqa: S308


@register.simple_tag(takes_context=True)
def template_rows(context: template.Context, rows: Any) -> SafeString:
    """The template list's rows (``template_row``), each on a line of its own as the
    template's loop of one tag per row wrote them: one tag for the body skips the loop's
    and the tag's work per row."""
    # The rows repeat a few statuses, categories and languages: each is escaped once.
    escaped: dict[str, str] = {}

    def once(value: Any) -> str:
        if type(value) is not str:  # HTML (kept as it is) and lazy text: not memoised
            return escape(value)
        found = escaped.get(value)
        if found is None:
            found = escaped[value] = escape(value)
        return found

    return mark_safe("".join(f"{_template_row(context, row, once)}\n" for row in rows))  # noqa: S308


@register.simple_tag(takes_context=True)
def template_row(context: template.Context, row: Any) -> SafeString:
    """One row of the template list (``selectors.TemplateRow``). Its link is relative (the
    list is only shown at its own URL), a language has a badge only when its status is not
    the template's, and the cells' end tags are left to HTML."""
    return mark_safe(_template_row(context, row, escape))  # noqa: S308  (every value escaped)


def _template_row(context: template.Context, row: Any, known: Callable[[Any], str]) -> str:
    # ``known`` escapes the values a list repeats (statuses, categories, languages).
    status = row.status
    if row.languages:
        languages = ", ".join(
            known(badge.name)
            if badge.status == status
            else f'<span class="status-{known(badge.status)}">'
            f"{known(badge.name)}: {known(badge.label)}</span>"
            for badge in row.languages
        )
    else:
        languages = f'<span class="muted">{_words(context).no_language}</span>'
    return (
        f'<tr><td><a href="{escape(row.id)}/" dir="auto">{escape(row.name)}</a>'
        f"<td>{known(row.category_label)}"
        f'<td><span class="status-{known(status)}">{known(row.label)}</span><td>{languages}'
    )


@register.simple_tag
def error_slot(field: Any) -> SafeString:
    """The error slot of one input: always there (empty when fine) so that autosave can swap
    it (``autosaved`` sends every slot out of band). A field the form does not have (the
    template names it, the page's form lacks it: "") gives an empty slot, as the include did."""
    errors = " ".join(escape(error) for error in getattr(field, "errors", ()))
    return mark_safe(  # noqa: S308  (every value escaped)
        f'<small class="field-error" id="err-{escape(getattr(field, "auto_id", ""))}">'
        f"{errors}</small>"
    )


@register.simple_tag(takes_context=True)
def field_row(context: template.Context, row: Any, delete_url: str) -> SafeString:
    """One replacement field in the editor (``forms.FieldRow``): its key, its inputs with
    their error slots, and its Delete (sent by the form's request, to ``delete_url``)."""
    words = _words(context)
    placeholder, prefix = escape(row.placeholder), escape(row.prefix)
    # As blocktranslate: the words not escaped, the value is.
    delete_label = words.delete_field % {"placeholder": placeholder}
    return mark_safe(  # noqa: S308  (every value escaped; the words are the template's)
        f'<tr><td data-label="{words.placeholder}"><code>{placeholder}</code>'
        f'<input type="hidden" name="{prefix}-key" value="{escape(row.key)}"></td>\n'
        f'<td data-label="{words.name}">{escape(row.name)}{error_slot(row.name)}</td>\n'
        f'<td data-label="{words.type}">{escape(row.type)}</td>\n'
        f'<td data-label="{words.sample}">{escape(row.sample)}{error_slot(row.sample)}</td>\n'
        f'<td><button type="submit" class="small outline" name="field" value="{prefix}"'
        f' formaction="{escape(delete_url)}" aria-label="{delete_label}">{words.delete}</button>'
        "</td></tr>"
    )


@register.simple_tag(takes_context=True)
def language_sections(context: template.Context, languages: Any, remove_url: str) -> SafeString:
    """The editor's text per language (``forms.LanguageRow``), as the template's loop wrote
    it: the language with its status, a rejection's reason, then its text read-only (approved)
    or its input with a character count, its error slot and its Remove (a language CM.com
    does not have yet, sent by the form's request to ``remove_url``); a line when there is
    none. Its words as the template's: the translations not escaped, the values are."""
    words = per_rendering(context, _EditorWords)
    if not languages:
        return mark_safe(f"<p>{words.no_language}</p>")  # noqa: S308
    remove_url = escape(remove_url)
    return mark_safe(  # noqa: S308  (every value escaped; the words are the template's)
        "".join(_language_section(words, lang, remove_url) for lang in languages)
    )


def _language_section(words: _EditorWords, lang: Any, remove_url: str) -> str:
    slug, name = escape(lang.slug), escape(lang.name)
    out = [
        f'<section class="language" aria-labelledby="lang-{slug}-title">\n'
        f'  <h3 id="lang-{slug}-title">{name} <span class="status status-{escape(lang.status)}">'
        f"{escape(lang.label)}</span></h3>\n"
    ]
    if lang.reason:
        out.append(
            f'  <p class="rejection-reason"><strong>{words.rejected}</strong> '
            f"{escape(lang.reason)}</p>\n"
        )
    if lang.locked:
        shown = lang.shown
        named = f' lang="{escape(shown.lang)}"' if shown.lang else ""
        out.append(
            f'  <p class="muted">{words.locked}</p>\n'
            f'  <blockquote class="locked-content" dir="{escape(shown.dir)}"{named}>'
            f"{linebreaksbr(lang.content, autoescape=True)}</blockquote>\n"
        )
    else:
        field = lang.field
        field_id = escape(field.auto_id)
        count = words.count % {"count": len(lang.content)}
        out.append(
            f'  <label for="{escape(field.id_for_label)}">'
            f"{words.message_in % {'name': name}}</label>\n"
            f"  {field}\n"
            f'  <small class="muted" data-count-for="{field_id}" data-limit="1024" '
            f'data-count-format="{words.count_format}">{count}</small>\n'
            f"  {error_slot(field)}\n"
        )
        if lang.removable:
            out.append(
                f'  <button type="submit" class="small outline" name="language" value="{name}" '
                f'formaction="{remove_url}"\n          hx-post="{remove_url}" '
                f'hx-sync="closest form:replace">{words.remove % {"name": name}}</button>\n'
            )
    out.append("</section>\n")
    return "".join(out)


@register.simple_tag(takes_context=True)
def preview_figures(context: template.Context, previews: Any) -> SafeString:
    """The editor's preview (``selectors.LanguagePreview``), as the template's loop wrote it:
    each language's message on a phone, in the language's direction (an empty text says so),
    with a note when its money and dates are not known; a line when there is no language."""
    words = per_rendering(context, _EditorWords)
    if not previews:
        return mark_safe(f"<p>{words.no_preview}</p>")  # noqa: S308
    return mark_safe(  # noqa: S308  (every value escaped; the words are the template's)
        "".join(_preview_figure(words, item) for item in previews)
    )


def _preview_figure(words: _EditorWords, item: Any) -> str:
    language = escape(item.language)
    if item.empty:
        shown, bubble = "", f'<span class="muted">{words.no_text}</span>'
    else:
        direction = item.shown
        named = f' lang="{escape(direction.lang)}"' if direction.lang else ""
        shown, bubble = f' dir="{escape(direction.dir)}"{named}', escape(item.bubble)
    unknown = (
        ""
        if item.known
        else f'  <small class="muted">{words.unknown_format % {"language": language}}</small>\n'
    )
    return (
        f'<figure class="phone">\n  <figcaption>{language}</figcaption>\n'
        f'  <div class="phone-screen">\n'
        f'    <div class="bubble" data-language="{language}"{shown}>{bubble}</div>\n'
        f"  </div>\n{unknown}</figure>\n"
    )
