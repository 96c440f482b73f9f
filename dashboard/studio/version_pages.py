"""The page objects of a template's version history: the list, and two versions compared.

The history is the dashboard's own, so these pages need little of CM.com:

- whose template it is: a template the dashboard has a draft or a version of, under this
  account, is this account's (both are only made after reading it under the account), so no
  read; any other id is asked of CM.com (``template_read``: the editor's cached read), whose 404
  is the page's (another account's id, or none at all);
- the comparison reads the request's template categories (cached: the editor reads them too)
  only to name the category instead of showing its id; when that read fails, it says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core.labels import TEMPLATE_CATEGORY, label
from dashboard.studio import diff, selectors, versions
from dashboard.studio.models import TemplateDraft, TemplateVersion
from dashboard.upstream import UpstreamFailure


def template_read(account: CMAccount, request_id: str, template_id: str) -> Any:
    """None when the dashboard knows this account's template (a draft or a version of it);
    else CM.com's copy, or the read's UpstreamFailure (a 404 when it has no such template)."""
    mine = {"account": account, "request_id": request_id, "template_id": template_id}
    if (
        TemplateDraft.objects.filter(**mine).exists()
        or TemplateVersion.objects.filter(**mine).exists()
    ):
        return None
    return selectors.template_parts(account, request_id, template_id, with_choices=False)[
        "template"
    ]


def _urls(account: CMAccount, request_id: str, template_id: str) -> dict[str, str]:
    args = [account.account_id, request_id, template_id]
    return {
        "edit_url": reverse("studio:edit", args=args),
        "versions_url": reverse("studio:versions", args=args),
        "compare_url": reverse("studio:compare", args=args),
        "restore_url": reverse("studio:restore", args=args),
        "list_url": reverse("studio:list", args=[account.account_id, request_id]),
    }


def _title(
    found: list[TemplateVersion], account: CMAccount, rid: str, tid: str, template: Any
) -> str:
    """The template's name: the newest version's, else the draft's, else CM.com's, else its
    id."""
    if template is not None and not upstream.is_failure(template) and template.name:
        return str(template.name)
    if found and found[0].name:
        return found[0].name
    draft = TemplateDraft.objects.filter(account=account, request_id=rid, template_id=tid).first()
    return draft.name if draft is not None and draft.name else tid


def compare_href(compare_url: str, a: int, b: int) -> str:
    return f"{compare_url}?{urlencode({'a': a, 'b': b})}"


@dataclass(frozen=True)
class VersionRow:
    """One version in the list."""

    version: TemplateVersion
    reason: str
    who: str
    approved: bool
    """The last version CM.com approved."""
    previous_href: str
    """Compare with the version before it ("" for the first)."""


@dataclass(frozen=True)
class VersionsPage:
    """A template's versions, newest first (``studio/versions.html``)."""

    account: CMAccount
    request_id: str
    template_id: str
    title: str
    rows: list[VersionRow]
    can_author: bool
    pick_a: int
    pick_b: int
    urls: dict[str, str]
    template_failure: UpstreamFailure | None = None
    """CM.com's copy could not be read (only asked for a template the dashboard does not know)."""

    def context(self) -> dict[str, Any]:
        return {**self.__dict__, **self.urls}


def _who(version: TemplateVersion) -> str:
    user = version.created_by
    if user is not None:
        return user.get_full_name() or user.get_username()
    return version.created_by_name or gettext("the dashboard")


def versions_page(
    account: CMAccount, request_id: str, template_id: str, *, can_author: bool, template: Any
) -> VersionsPage:
    """The list; ``template`` is ``template_read``'s answer (None: not read)."""
    found = versions.versions_of(account=account, request_id=request_id, template_id=template_id)
    urls = _urls(account, request_id, template_id)
    approved = versions.last_approved(
        account=account, request_id=request_id, template_id=template_id
    )
    rows = [
        VersionRow(
            version=item,
            reason=item.get_reason_display(),
            who=_who(item),
            approved=approved is not None and approved.pk == item.pk,
            previous_href=(
                compare_href(urls["compare_url"], item.number - 1, item.number)
                if item.number > 1
                else ""
            ),
        )
        for item in found
    ]
    return VersionsPage(
        account=account,
        request_id=request_id,
        template_id=template_id,
        title=_title(found, account, request_id, template_id, template),
        rows=rows,
        can_author=can_author,
        pick_a=found[1].number if len(found) > 1 else 0,
        pick_b=found[0].number if found else 0,
        urls=urls,
        template_failure=template if upstream.is_failure(template) else None,
    )


class CompareForm(forms.Form):
    """Which two versions to compare (a GET form: every comparison has its own address)."""

    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, gettext("Version %(number)d") % {"number": n}) for n in numbers]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "Choose one of this template's versions."
            )


@dataclass(frozen=True)
class ComparePage:
    """Two versions side by side (``studio/compare.html``)."""

    account: CMAccount
    request_id: str
    template_id: str
    title: str
    form: CompareForm
    enough: bool
    """The template has two versions or more."""
    before: TemplateVersion | None
    after: TemplateVersion | None
    comparison: diff.Comparison | None
    categories_failure: UpstreamFailure | None
    urls: dict[str, str]
    template_failure: UpstreamFailure | None = None

    def context(self) -> dict[str, Any]:
        return {**self.__dict__, **self.urls}


def _category_names(account: CMAccount, request_id: str) -> tuple[dict[str, str], Any]:
    found = selectors.categories(account, request_id)
    if upstream.is_failure(found):
        return {}, found
    return {c.id: label(TEMPLATE_CATEGORY, c.name) for c in found if c.id}, None


def compare_page(
    account: CMAccount, request_id: str, template_id: str, query: Any, *, template: Any
) -> ComparePage:
    """The two versions ``query`` names (``a``, ``b``; the newest two when it names none);
    ``template`` is ``template_read``'s answer (None: not read)."""
    found = versions.versions_of(account=account, request_id=request_id, template_id=template_id)
    by_number = {item.number: item for item in found}
    if "a" not in query and "b" not in query and len(found) > 1:
        query = {"a": found[1].number, "b": found[0].number}
    form = CompareForm(query or None, numbers=sorted(by_number, reverse=True))
    before = after = comparison = failure = None
    if form.is_bound and form.is_valid():
        # Only a comparison shows a category: read the names then (cached; the editor's too).
        names, failure = _category_names(account, request_id)
        first, second = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        # Older on the left, whatever order they were picked in: "before" reads as before.
        before, after = sorted((first, second), key=lambda item: item.number)
        comparison = diff.compare(before.state(), after.state(), categories=names)
    return ComparePage(
        account=account,
        request_id=request_id,
        template_id=template_id,
        title=_title(found, account, request_id, template_id, template),
        form=form,
        enough=len(found) > 1,
        before=before,
        after=after,
        comparison=comparison,
        categories_failure=failure,
        urls=_urls(account, request_id, template_id),
        template_failure=template if upstream.is_failure(template) else None,
    )
