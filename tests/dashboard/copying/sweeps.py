"""What the write sweep (tests/dashboard/security/test_faults_on_every_write.py) needs of the
copy: bodies of "Copy" and a sample run with a template left to copy, for "Retry the rest"."""

from __future__ import annotations

from typing import Any

from dashboard.accounts.models import CMAccount
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState

RENAMED = "survey_request_copied"
RETRIED = "survey_request_retried"
# The run id the object sweeps put in run URLs (tests/dashboard/security/objects.py): no run
# has it unless made so, and runs are the dashboard's own rows, found within the URL's account.
SAMPLE_RUN_ID = "c0b1e5a2-4d6f-4e8a-9b1c-2d3e4f5a6b7c"


def copy_body(s: Any) -> dict[str, str]:
    """Copy survey_request within the account under a new name (the sweep has one account;
    the writes it fails are under that account's path)."""
    survey = s["survey_id"]
    return {
        "t": survey,
        "to": s["account_id"],
        "to_request": s["whatsapp_request_id"],
        f"do-{survey}": "rename",
        f"name-{survey}": RENAMED,
    }


def run_left_to_retry(client: Any, url: str, s: Any) -> dict[str, str]:
    """The sample run (tests/dashboard/matrix/copying.py) with its template not copied yet,
    into the account's live request: "Retry the rest" then creates it."""
    # The sweep's samples are read once per run of the suite: the run is made again under the
    # same id when an earlier test's database rolled it away.
    account = CMAccount.objects.get(account_id=s["account_id"])
    run, _ = CopyRun.objects.update_or_create(
        public_id=s["copy_run_id"],
        defaults={
            "source_account": account,
            "source_request_id": s["whatsapp_request_id"],
            "target_account": account,
            "target_request_id": s["whatsapp_request_id"],
            "state": RunState.FINISHED,
        },
    )
    CopyItem.objects.update_or_create(
        run=run,
        position=0,
        defaults={
            "source_template_id": s["survey_id"],
            "source_name": "survey_request",
            "state": ItemState.FAILED,
            "name": RETRIED,
            "category_id": s["category_id"],
            "contents": {"English (US)": "Retried under a fault, thank you."},
            "target_template_id": "",
            "message": "",
        },
    )
    return {}
