"""What search finds: one row per item the poller listed, and when each list was read.

The rows are the poller's, written by ``services.index_replace`` after each successful poll
of an account; a search reads only these (never CM.com). ``text`` is ``index.normalise`` of
everything a person may type to find the row, so a plain ``LIKE '%…%'`` finds it on SQLite
and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.search.wording import compose_detail, compose_title


class EntryKind(models.TextChoices):
    """The kinds of item search finds, in the order a group lists them."""

    TEMPLATE = "template", _("Template")
    NUMBER = "number", _("Number")
    KEYWORD = "keyword", _("Keyword")
    CHANNEL_REQUEST = "channel_request", _("Channel request")
    PROFILE = "profile", _("WhatsApp profile")


class SearchEntry(models.Model):
    """One item of one account as the poller last listed it."""

    # No index of its own: ``search_entry_account_text`` starts with it (see Meta).
    account = models.ForeignKey(
        "accounts.CMAccount",
        on_delete=models.CASCADE,
        related_name="search_entries",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    upstream_id = models.CharField(max_length=200)
    # CM.com's name (a channel request's: its type's, "" when unknown): what is searched
    # and sorted by. Show display_title, which says the words the dashboard adds round it.
    title = models.CharField(max_length=300)
    # The detail in the indexer's (English) words: shown only for rows without parts.
    detail = models.CharField(max_length=300, blank=True)
    # The key and parts of the words the dashboard adds (wording.py), said where shown.
    parts = models.JSONField(default=dict, blank=True)
    text = models.CharField(max_length=700, help_text="What matches, normalised (index.py).")
    # The item's state as its list gave it (a template's review status; a channel request's
    # active, pending or inactive), so the overview counts by status from here instead of
    # reading the whole list from CM.com on every view (issue 19). Blank for other kinds.
    status = models.CharField(max_length=40, blank=True, default="")
    # The item page's URL parameters besides the account (index.LINKS names the route).
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["account", "kind", "title", "id"]
        # A search is ``account_id IN (the person's) AND text contains q``: with (account,
        # text) the only index that starts with the account, the database reads the text from
        # the index and fetches only the rows that match (bench/search.py measures it).
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "upstream_id", "account"], name="search_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["account", "text"], name="search_entry_account_text")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the active language (see ``wording.compose_title``)."""
        return compose_title(self.parts, self.title)

    @property
    def display_detail(self) -> str:
        """The detail in the active language (see ``wording.compose_detail``)."""
        return compose_detail(self.parts, self.detail)


class IndexedList(models.Model):
    """When the poller last read one kind of list of one account: how fresh results are.

    Kept apart from the rows so an unchanged row is never rewritten only to move a date.
    """

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="indexed_lists"
    )
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    read_at = models.DateTimeField()
    counts = models.JSONField(default=dict, blank=True)
    """The list's items by state as read at ``read_at``: ``{group: {status: n}}``, where group
    is the WhatsApp request a template or profile belongs to ("" for the others). What the
    overview shows, read as one row however long the list (issue 19)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], name="search_list_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.kind} read {self.read_at:%Y-%m-%d %H:%M}"
