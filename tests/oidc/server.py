"""Start, drive and stop the test OpenID provider (tests/oidc/provider.mjs).

``RunningProvider`` talks to the provider's own endpoints (dynamic client registration) and
to its test-only ones (people, their groups, disabling them, a rogue signing key).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"


def _install() -> None:
    """``npm ci`` once per checkout: the exact versions of package-lock.json."""
    if (NODE_MODULES / "oidc-provider" / "package.json").exists():
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed to install the test OpenID provider (tests/oidc/)"
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"npm ci failed in tests/oidc:\n{done.stderr[-3000:]}"


@dataclass
class RunningProvider:
    """A provider process and its address (the issuer)."""

    process: subprocess.Popen[str]
    issuer: str
    output: list[str] = field(default_factory=list)

    def discovery(self) -> dict[str, Any]:
        answer = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10)
        answer.raise_for_status()
        return dict(answer.json())

    def register(self, redirect_uri: str, backchannel_logout_uri: str = "") -> tuple[str, str]:
        """A new client (dynamic registration) that may come back to ``redirect_uri``; with
        ``backchannel_logout_uri``, one the provider tells when it ends a person's session
        there, and whose ID tokens carry the provider's session id (sid)."""
        metadata: dict[str, Any] = {
            "redirect_uris": [redirect_uri],
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": "client_secret_post",
        }
        if backchannel_logout_uri:
            metadata["backchannel_logout_uri"] = backchannel_logout_uri
            metadata["backchannel_logout_session_required"] = True
        answer = requests.post(f"{self.issuer}/reg", json=metadata, timeout=10)
        answer.raise_for_status()
        client = answer.json()
        return client["client_id"], client["client_secret"]

    def _post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        answer = requests.post(f"{self.issuer}{path}", json=data, timeout=10)
        answer.raise_for_status()
        return dict(answer.json())

    def add_person(self, sub: str, *, groups: list[str], email: str = "") -> None:
        """Someone the provider knows, who signs in with ``sub`` as their user name."""
        self._post(
            "/test/people",
            {
                "sub": sub,
                "preferred_username": sub,
                "email": email or f"{sub}@example.com",
                "name": sub.title(),
                "groups": groups,
            },
        )

    def set_groups(self, sub: str, groups: list[str]) -> None:
        self._post(f"/test/people/{sub}", {"groups": groups})

    def disable(self, sub: str) -> dict[str, Any]:
        """Disable the person, ending their provider sessions: the back-channel logouts sent
        (``sent``, a count) and those the client refused (``failed``, the reasons)."""
        return self._post(f"/test/people/{sub}", {"disabled": True})

    def rogue_signing(self, on: bool) -> None:
        """ID tokens signed with a key the provider does not publish (a bad signature)."""
        self._post("/test/rogue-signing", {"on": on})

    def sign(self, claims: dict[str, Any], *, rogue: bool = False) -> str:
        """A JWT of exactly ``claims``, signed with the provider's published key (or, with
        ``rogue``, with a key of the same kid it does not publish): a forged logout token."""
        return str(self._post("/test/sign", {"claims": claims, "rogue": rogue})["token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_provider() -> RunningProvider:
    """Install if needed, start on a free port, and wait for its "listening" line."""
    _install()
    node = shutil.which("node")
    assert node, "node is needed to run the test OpenID provider (tests/oidc/)"
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env={**os.environ, "PORT": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    seen: list[str] = []
    issuer = ""
    found = threading.Event()

    def read() -> None:
        nonlocal issuer
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line.rstrip())
            if line.startswith("listening ") and not issuer:
                issuer = line.split(" ", 1)[1].strip()
                found.set()
        found.set()

    # Read to the end on a thread: the provider's output never fills the pipe and blocks it.
    threading.Thread(target=read, daemon=True).start()
    if not found.wait(timeout=30) or not issuer:
        process.kill()
        raise AssertionError("the test OpenID provider did not start:\n" + "\n".join(seen))
    return RunningProvider(process=process, issuer=issuer, output=seen)
