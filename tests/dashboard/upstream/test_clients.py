"""``client_for``: the decrypted token is handed to the client and hidden, and each thread
reuses its own pooled session."""

from __future__ import annotations

import threading

from dashboard import upstream
from tests.dashboard.upstream.fakes import RAW


def test_client_for_hands_the_decrypted_token_to_the_client_and_hides_it(account):
    client = upstream.client_for(account)
    assert client.account_id == str(account.account_id)
    assert client.base_url == "http://127.0.0.1:9/v1"
    assert RAW not in repr(client)


def test_clients_of_one_thread_share_a_pooled_session_and_other_threads_get_their_own(account):
    # Shared, a page's reads reuse the open (TLS) connections to CM.com instead of a handshake
    # each; per thread, because a requests Session is not promised to be thread-safe.
    first = upstream.client_for(account)._transport._session
    first_again = upstream.client_for(account)._transport._session
    elsewhere = []
    thread = threading.Thread(
        target=lambda: elsewhere.append(upstream.client_for(account)._transport._session)
    )
    thread.start()
    thread.join()
    assert first is first_again
    assert elsewhere[0] is not first
