"""The copying routes: copy templates to another account.

Copying needs AUTHOR_TEMPLATES in the source (and in the target, checked when one is chosen):
marketing and admin; support gets 403. Without choices (the matrix sends none) the preview and
"Copy" show the pick page again, saying what to choose (200). The sample run copied within the
account itself (the matrix has one granted account), and everything in it is done: its page is
a 200, and "Retry the rest" has nothing to retry (302 back to the run, nothing sent).
"""

from __future__ import annotations

from dashboard.accounts.models import CMAccount
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from tests.dashboard.matrix import Row, _same

AUTHOR = {
    "admin": _same(200),
    "support": (403, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
AUTHOR_REDIRECT = {**AUTHOR, "admin": _same(302), "marketing": (302, 404)}

ROWS: dict[str, Row] = {
    "copying:pick": Row("GET", 302, **AUTHOR),
    "copying:preview": Row("GET", 302, **AUTHOR),
    "copying:start": Row("POST", 302, **AUTHOR),
    "copying:run": Row("GET", 302, **AUTHOR),
    "copying:retry": Row("POST", 302, **AUTHOR_REDIRECT),
}

SAMPLE_REQUEST = "00000000-0000-4000-8000-0000000c0b1e"


def sample_run(account: CMAccount) -> CopyRun:
    """The account's sample run (made on first use: it is the dashboard's own row)."""
    found = CopyRun.objects.filter(source_account=account, source_request_id=SAMPLE_REQUEST).first()
    if found is not None:
        return found
    run = CopyRun.objects.create(
        source_account=account,
        source_request_id=SAMPLE_REQUEST,
        target_account=account,
        target_request_id=SAMPLE_REQUEST,
        state=RunState.FINISHED,
    )
    CopyItem.objects.create(
        run=run,
        position=0,
        source_template_id=SAMPLE_REQUEST,
        source_name="matrix_sample",
        name="matrix_sample",
        state=ItemState.COPIED,
    )
    return run


def samples(account: CMAccount) -> dict[str, str]:
    """A finished copy run of the account."""
    return {"copy_run_id": str(sample_run(account).public_id)}
