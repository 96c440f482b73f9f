"""What the security sweeps do first on the import's writes: make the sample import ready for
the step they send (tests/dashboard/security/test_faults_on_every_write.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dashboard.accounts.models import CMAccount
from dashboard.core.capabilities import Capability
from dashboard.imports.models import ItemState, SubmitState
from dashboard.people.access import has_capability
from dashboard.studio import drafts
from dashboard.studio.models import TemplateDraft
from dashboard.upstream import client_for
from tests.dashboard.imports.files import csv_bytes
from tests.dashboard.matrix.imports import SAMPLE_NAME, sample_run

SUBMITTED_SEED = "payment_overdue"


def _account(s: Any) -> CMAccount:
    return CMAccount.objects.get(account_id=s["account_id"])


def sample_import_ready(client: Any, url: str, s: Any) -> dict[str, str]:
    """The sample import's template not imported yet, and ticked."""
    run = sample_run(_account(s))
    run.items.update(state=ItemState.NEW, message="", template_id="", submit=SubmitState.NONE)
    run.step, run.step_total = "", 0
    run.save()
    return {"item": str(run.items.get().pk)}


def sample_import_created(client: Any, url: str, s: Any) -> dict[str, str]:
    """The sample import's template as created and not submitted yet. It stands for a seeded
    draft that lints clean (``SUBMITTED_SEED``), whose id is the same after every reset of the
    sandbox: the sweep fails the path of its validation found on a first, healthy run."""
    account = _account(s)
    run = sample_run(account)
    with client_for(account) as api:
        listed = api.templates.list(run.request_id, q=SUBMITTED_SEED, take=50)
        seed = next(t for t in listed if t.name == SUBMITTED_SEED)
        template = api.templates.get(run.request_id, str(seed.id))
    TemplateDraft.objects.filter(account=account, template_id=str(seed.id)).delete()
    drafts.new_draft(account, run.request_id, template).save()
    run.items.update(
        state=ItemState.CREATED,
        template_id=str(seed.id),
        message="Created as a draft.",
        submit=SubmitState.NONE,
        submit_message="",
    )
    return {}


# --- bodies of the access sweeps (tests/dashboard/security/objects.py BODIES) --------------------


def _reset(account: CMAccount) -> str:
    run = sample_run(account)
    run.items.update(state=ItemState.NEW, message="", template_id="", submit=SubmitState.NONE)
    return str(run.items.get().pk)


def upload_body(post: Any) -> dict[str, Any]:
    """A small file in the layout, as the upload form sends it."""
    data = csv_bytes([(SAMPLE_NAME, "UTILITY", "English (US)", "Hello {{1}}, hi.", "who")])
    return {"file": SimpleUploadedFile("templates.csv", data, content_type="text/csv")}


def run_body(post: Any) -> dict[str, Any]:
    """The sample import's one template, ticked (and not imported yet)."""
    return {"item": _reset(post.account)} if post.account is not None else {}


def submit_body(post: Any) -> dict[str, Any]:
    """Nothing to type. For a person who may send it, the sample import's template is made
    created first (a seeded draft, see ``sample_import_created``), so that the POST goes
    through; for anyone else nothing is prepared (the refusal sweep compares the drafts)."""
    account = post.account
    if account is not None and has_capability(post.person, Capability.AUTHOR_TEMPLATES):
        sample_import_created(None, "", {"account_id": str(account.account_id)})
    return {}
