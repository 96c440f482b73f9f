"""The two ways in: a password (Django's check, narrowed by PASSWORD_LOGIN) and company login.

``CompanyLoginBackend`` is mozilla-django-oidc's backend (code exchange with PKCE, nonce and
RS256 signature checked against the provider's JWKS) with what it leaves to its users: the
issuer and audience of the ID token, people found by the provider's subject rather than by
e-mail, and grants from the group mapping. It answers nothing while company login is off.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from dashboard.audit.wording import say
from dashboard.core.sql_once import first_where
from dashboard.people.models import User
from dashboard.sso import services
from dashboard.sso.selectors import grants_for

logger = logging.getLogger(__name__)

# Why the last company login of this request was refused, for the page that says so.
REFUSAL_ATTRIBUTE = "company_login_refusal"

# OpenID Connect Back-Channel Logout 1.0: the event a logout token must carry (§2.4).
BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


class PasswordBackend(ModelBackend):
    """Django's password check; with PASSWORD_LOGIN off, only for the break-glass admin."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not settings.PASSWORD_LOGIN and username != settings.BREAK_GLASS_USERNAME:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        return signed_in_person(self, user_id)


def signed_in_person(backend: ModelBackend, user_id: Any) -> User | None:
    """The person a session is signed in as, or None (unknown, or deactivated: Django's rule,
    ``user_can_authenticate``). Read on every request, so with SQL written once: the ORM
    compiled ``get(pk=…)`` each time (0.6 ms of CPU on the benchmark's machine, 0.28 ms this
    way; issue 19: ``core.sql_once``)."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    found = first_where(User, id=pk)
    return found if found is not None and backend.user_can_authenticate(found) else None


def is_company_login_attempt(
    request: HttpRequest | None, credentials: dict[str, Any] | None
) -> bool:
    """For django-axes: only the OIDC callback authenticates with a nonce. Those attempts are
    not counted towards password lockouts (the provider throttles its own sign-in, and a code
    is single-use, so there is nothing to guess here)."""
    return bool(credentials) and "nonce" in (credentials or {})


def groups_of(claims: dict[str, Any]) -> list[str]:
    """The groups claim as a list of names (a provider may send one group as a string)."""
    value = claims.get(settings.OIDC_GROUPS_CLAIM, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return sorted({str(group) for group in value})


def _refuse(request: HttpRequest | None, reason: str) -> None:
    # ``reason`` is said with ``audit.wording.say``: the page shows it in the person's
    # language, and the access event keeps its parts for the admin who reads it later.
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, reason)


class CompanyLoginBackend(OIDCAuthenticationBackend):
    """OpenID Connect sign-in: the person the provider vouches for, with their groups' grants."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django instantiates every backend on each authenticate(); with company login off the
        # OIDC_* settings are absent and mozilla-django-oidc's own __init__ would fail.
        self.enabled = bool(getattr(settings, "OIDC_ENABLED", False))
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = User

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; a password login never reaches the provider.
        if not self.enabled or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: int) -> User | None:
        # Django's rule (a deactivated person's sessions stop working), which
        # mozilla-django-oidc's get_user leaves out.
        return signed_in_person(self, user_id)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Signature and nonce (the library), then issuer and audience, which it does not."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        return payload

    def verify_logout_token(self, token: str) -> dict[str, Any]:
        """A back-channel logout token's claims, verified as §2.6 of the spec asks; raises
        SuspiciousOperation saying why not.

        The signature is checked as the library checks an ID token (the provider's key found
        in its JWKS by kid and alg, RS256 only); the claims by hand, since the library's
        ``verify_token`` wants a nonce where a logout token must have none, and a subject
        where a logout token may carry only the provider's session id.
        """
        if not self.enabled:
            raise SuspiciousOperation("company login is off")
        try:
            key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
            payload: dict[str, Any] = self.get_payload_data(token, key)
        except (jwt.InvalidTokenError, KeyError, TypeError, ValueError) as error:
            # Not a JWT, no kid, expired, an iat in the future: PyJWT's own refusals.
            raise SuspiciousOperation(f"logout token did not verify ({error})") from error
        except requests.RequestException as error:
            raise SuspiciousOperation("the provider's keys could not be read") from error
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("logout token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("logout token for another client")
        issued = payload.get("iat")
        if not isinstance(issued, int | float) or isinstance(issued, bool):
            raise SuspiciousOperation("logout token without an issue time")
        now = time.time()
        if not now - services.LOGOUT_TOKEN_MAX_AGE <= issued <= now + services.CLOCK_SKEW:
            raise SuspiciousOperation("logout token issued too long ago")
        events = payload.get("events")
        if not isinstance(events, dict) or not isinstance(
            events.get(BACKCHANNEL_LOGOUT_EVENT), dict
        ):
            raise SuspiciousOperation("logout token without the back-channel logout event")
        subject, session = payload.get("sub"), payload.get("sid")
        if not (isinstance(subject, str) and subject) and not (
            isinstance(session, str) and session
        ):
            raise SuspiciousOperation("logout token naming neither a person nor a session")
        if "nonce" in payload:
            # An ID token carries a nonce; a logout token must not, so one cannot pass for
            # the other.
            raise SuspiciousOperation("logout token with a nonce")
        if not (isinstance(payload.get("jti"), str) and payload["jti"]):
            raise SuspiciousOperation("logout token without a jti")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """Userinfo, overridden by the ID token's own (signed) claims: groups come from there
        when the provider puts them in the token."""
        info: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload["sub"]:
            raise SuspiciousOperation("userinfo describes another person than the ID token")
        return {**info, **payload}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        # By the provider's subject, never by e-mail: an address can be reused or typed by
        # anyone at a provider; the subject is the provider's own stable id.
        return User.objects.filter(
            company_identity__issuer=claims["iss"], company_identity__subject=claims["sub"]
        )

    def create_user(self, claims: dict[str, Any]) -> User | None:
        groups = groups_of(claims)
        grants = grants_for(groups)
        if grants is None:
            logger.info("company login refused: no mapped group for subject %s", claims["sub"])
            _refuse(self.request, say("no_group_gives_access"))
            return None
        person = services.person_create_from_claims(
            username=self._free_username(claims), role=grants.role, claims=claims
        )
        return self._sync(person, claims, groups)

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        return self._sync(user, claims, groups_of(claims))

    def _sync(self, person: User, claims: dict[str, Any], groups: list[str]) -> User | None:
        services.identity_record(
            person=person, issuer=claims["iss"], subject=claims["sub"], groups=groups
        )
        if services.person_apply_grants(person=person, groups=groups) is None:
            _refuse(self.request, say("no_group_gives_access"))
            return None
        # The callback view puts these in the new session (dashboard.sso.middleware); the
        # provider's session id lets its back-channel logout find this session.
        person.company_groups = groups  # type: ignore[attr-defined]
        sid = claims.get("sid")
        person.company_sid = sid if isinstance(sid, str) else ""  # type: ignore[attr-defined]
        return person

    @staticmethod
    def _free_username(claims: dict[str, Any]) -> str:
        wanted = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
        base = re.sub(r"[^\w.@+-]", "-", wanted)[:140] or "person"
        name, number = base, 1
        while User.objects.filter(username=name).exists():
            number += 1
            name = f"{base}-{number}"
        return name
