"""Company login (issue 18): the OpenID Connect steps answer 404 while it is off (as in
this suite's settings; tests/dashboard/sso/ turns it on against a real provider), and the
group mapping is admins' only."""

from tests.dashboard.matrix import ADMIN_ONLY, Row, _same

OFF = {role: _same(404) for role in ("admin", "support", "marketing", "outsider")}

ROWS: dict[str, Row] = {
    "oidc_authentication_init": Row("GET", 404, **OFF),
    "oidc_authentication_callback": Row("GET", 404, **OFF),
    "oidc_backchannel_logout": Row("POST", 404, **OFF),
    "sso:mappings": Row("GET", 302, **ADMIN_ONLY),
    "sso:mapping_add": Row("GET", 302, **ADMIN_ONLY),
    "sso:mapping_edit": Row("GET", 302, **ADMIN_ONLY),
    "sso:mapping_delete": Row("POST", 302, **{**ADMIN_ONLY, "admin": _same(302)}),
}


def samples(account: object) -> dict[str, str]:
    """A mapping of a group to the account (made each time: the admin's delete removes it)."""
    from dashboard.sso.models import GroupMapping

    mapping, _ = GroupMapping.objects.get_or_create(
        group=f"matrix-{account.account_id}",  # type: ignore[attr-defined]
        defaults={"role": "support"},
    )
    return {"mapping_id": str(mapping.pk)}
