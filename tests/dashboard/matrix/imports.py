"""The bulk import's routes: every one needs AUTHOR_TEMPLATES (marketing and admin; support
gets 403), like the studio's authoring.

The sample import is one stored for the account's live WhatsApp request (the dashboard's own
row, made on first use), of one template that lints clean. The progress without htmx goes to
the report (302); an empty "Import" (nothing ticked) and an empty "Request validation" (nothing
imported yet) go back to the report with a message (302).
"""

from __future__ import annotations

import uuid

from dashboard.accounts.models import CMAccount
from dashboard.imports.models import ImportItem, ImportRun
from tests.dashboard.matrix import Row, _same
from tests.dashboard.matrix.studio import samples as studio_samples

AUTHOR = {
    "admin": _same(200),
    "support": (403, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
AUTHOR_REDIRECT = {**AUTHOR, "admin": _same(302), "marketing": (302, 404)}

ROWS: dict[str, Row] = {
    "imports:start": Row("GET", 302, **AUTHOR),
    "imports:sample": Row("GET", 302, **AUTHOR),
    "imports:report": Row("GET", 302, **AUTHOR),
    "imports:progress": Row("GET", 302, **AUTHOR_REDIRECT),
    "imports:run": Row("POST", 302, **AUTHOR_REDIRECT),
    "imports:submit": Row("POST", 302, **AUTHOR_REDIRECT),
}

SAMPLE_FILE = "matrix-sample.csv"
SAMPLE_NAME = "imported_by_the_sweep"
SAMPLE_ROW = {
    "row": 2,
    "name": SAMPLE_NAME,
    "category": "UTILITY",
    "language": "English (US)",
    "content": "Hello {{1}}, this came from a file.",
    "fields": "customer_name:text:Ada",
}


def sample_run_id(account: CMAccount) -> uuid.UUID:
    """The sample import's id: the same for an account in every test, as the sweeps that read
    their samples once (and keep them) need."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"import-sample:{account.account_id}")


def sample_run(account: CMAccount) -> ImportRun:
    """The account's sample import (made on first use: it is the dashboard's own row)."""
    request_id = studio_samples(account)["whatsapp_request_id"]
    found = ImportRun.objects.filter(public_id=sample_run_id(account), account=account).first()
    if found is not None:
        return found
    run = ImportRun.objects.create(
        public_id=sample_run_id(account),
        account=account,
        request_id=request_id,
        file_name=SAMPLE_FILE,
        rows=[SAMPLE_ROW],
        columns={"name": "A", "category": "B", "language": "C", "content": "D", "fields": "E"},
    )
    ImportItem.objects.create(run=run, position=0, name=SAMPLE_NAME, row_numbers=[2])
    return run


def samples(account: CMAccount) -> dict[str, str]:
    """The account's sample import."""
    return {"run_id": str(sample_run(account).public_id)}
