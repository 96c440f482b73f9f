"""What every page's header shows stays right although its menu is rendered once and
remembered (``people.context_processors._menus``) and the broken-connection banner is read
with one plain query (``tracker.selectors.broken_reason_of``)."""

from __future__ import annotations

from django.urls import set_script_prefix

from dashboard.people.models import Role
from dashboard.tracker import selectors
from dashboard.tracker.models import AccountHealth
from tests.dashboard.tracker.test_notifications_view import notify

MANAGE_LINK = 'href="/manage/accounts/"'
BANNER = "The connection to CM.com is broken for Account A."


def _types(account):
    return f"/a/{account.account_id}/channel-types/"


def test_a_person_given_another_role_sees_its_menu_on_the_next_page(
    support_client, support_user, account_a
):
    assert MANAGE_LINK not in support_client.get(_types(account_a)).content.decode()
    support_user.role = Role.ADMIN
    support_user.save(update_fields=["role"])
    assert MANAGE_LINK in support_client.get(_types(account_a)).content.decode()
    support_user.role = Role.SUPPORT
    support_user.save(update_fields=["role"])
    assert MANAGE_LINK not in support_client.get(_types(account_a)).content.decode()


def test_the_menu_follows_the_persons_language_and_the_account(
    support_client, support_user, account_a, account_b
):
    account_b.users.add(support_user)
    english = support_client.get(_types(account_a)).content.decode()
    assert ">Channel types</a>" in english
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(_types(account_a)).content.decode()
    assert ">Kanaaltypen</a>" in dutch
    assert ">Channel types</a>" not in dutch
    other = support_client.get(_types(account_b)).content.decode()
    assert f'href="/a/{account_b.account_id}/channels/"' in other
    assert f'href="/a/{account_a.account_id}/channels/"' not in other


def test_the_broken_connection_banner_shows_until_the_token_changes(support_client, account_a):
    assert BANNER not in support_client.get(_types(account_a)).content.decode()
    AccountHealth.objects.update_or_create(
        account=account_a,
        defaults={
            "broken_reason": "CM.com refused this account's product token.",
            "broken_version": selectors.connection_version(account_a),
        },
    )
    body = support_client.get(_types(account_a)).content.decode()
    assert BANNER in body
    assert "CM.com refused this account&#x27;s product token." in body
    account_a.set_token("11111111-2222-4333-8444-555555555555")
    account_a.save()
    assert BANNER not in support_client.get(_types(account_a)).content.decode()


def test_a_cleared_broken_mark_takes_the_banner_away(support_client, account_a):
    AccountHealth.objects.update_or_create(
        account=account_a,
        defaults={
            "broken_reason": "CM.com refused this account's product token.",
            "broken_version": selectors.connection_version(account_a),
        },
    )
    assert BANNER in support_client.get(_types(account_a)).content.decode()
    AccountHealth.objects.filter(account=account_a).update(broken_reason="")
    assert BANNER not in support_client.get(_types(account_a)).content.decode()


def test_the_words_every_page_carries_are_in_each_persons_language(
    support_client, support_user, marketing_client, account_a
):
    # The skip link and the toasts' words are rendered once per language and remembered:
    # an English page first must not leave its words to a Dutch reader after it.
    english = support_client.get(_types(account_a)).content.decode()
    assert ">Skip to content</a>" in english
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(_types(account_a)).content.decode()
    assert ">Naar de inhoud</a>" in dutch
    assert "Skip to content" not in dutch
    again = marketing_client.get(_types(account_a)).content.decode()
    assert ">Skip to content</a>" in again
    assert 'href="/static/' in again


def test_the_header_search_box_follows_the_persons_language(
    support_client, support_user, account_a
):
    english = support_client.get(_types(account_a)).content.decode()
    assert 'placeholder="Search (press /)"' in english
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(_types(account_a)).content.decode()
    assert 'placeholder="Search (press /)"' not in dutch
    assert 'action="/search/"' in dutch


def test_the_header_search_box_links_under_the_sites_path_prefix(support_client, account_a):
    assert 'action="/search/"' in support_client.get(_types(account_a)).content.decode()
    # A site served under /dashboard/ (its WSGI server sets the prefix per request): the box
    # remembered from the first page must not point at /search/ there.
    set_script_prefix("/dashboard/")
    try:
        body = support_client.get(_types(account_a)).content.decode()
    finally:
        set_script_prefix("/")
    assert 'action="/dashboard/search/"' in body
    assert 'hx-get="/dashboard/search/"' in body


def test_the_search_page_has_no_header_box_of_its_own(support_client, account_a):
    support_client.get(_types(account_a))  # the header's box remembered by another page first
    body = support_client.get("/search/?q=x").content.decode()
    assert body.count('id="search-results"') == 1


def test_the_header_bell_shows_each_persons_count_in_their_language(
    support_client, support_user, admin_client, admin_user, account_a
):
    notify(support_user, account_a, "Welcome template")
    english = support_client.get(_types(account_a)).content.decode()
    assert 'class="bell-count">1<span class="visually-hidden"> unread' in english
    assert 'class="bell-count">' not in admin_client.get(_types(account_a)).content.decode()
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(_types(account_a)).content.decode()
    assert "Meldingen" in dutch
    assert 'class="bell-count">1<' in dutch


def test_the_footer_says_who_is_signed_in_with_their_role_and_language(
    support_client, support_user, admin_client
):
    support_page = support_client.get("/me/language/").content.decode()
    assert "Logged in as sam (Support) · " in support_page
    assert ">Language: British English</a>" in support_page
    assert "Logged in as sam" not in admin_client.get("/me/language/").content.decode()
    support_user.role = Role.MARKETING
    support_user.language = "nl"
    support_user.save(update_fields=["role", "language"])
    dutch = support_client.get("/me/language/").content.decode()
    assert "Logged in as" not in dutch
    assert "(Support)" not in dutch
    assert ">Taal: Nederlands</a>" in dutch


def _switcher_names(client, account) -> list[str]:
    body = client.get(_types(account)).content.decode()
    if 'class="account-switcher"' not in body:
        return []
    switcher = body.split('class="account-switcher"', 1)[1].split("</nav>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[-1] for part in switcher.split("<li>")[1:]]


def test_the_account_switcher_follows_grants_names_and_accounts_on_the_next_page(
    support_client, support_user, account_a, account_b
):
    assert _switcher_names(support_client, account_a) == ["Account A"]
    account_b.users.add(support_user)
    assert _switcher_names(support_client, account_a) == ["Account A", "Account B"]
    account_b.name = "Account B renamed"
    account_b.save()
    assert _switcher_names(support_client, account_a) == ["Account A", "Account B renamed"]
    account_b.users.remove(support_user)
    assert _switcher_names(support_client, account_a) == ["Account A"]


def test_an_admin_switcher_lists_a_new_account_and_forgets_a_deleted_one(
    admin_client, account_a, account_b
):
    from dashboard.accounts.models import CMAccount

    assert "Account C" not in _switcher_names(admin_client, account_a)
    account_c = CMAccount.objects.create(
        name="Account C",
        account_id="0b5a3a43-58c9-4a37-9d0d-52d2c5a1e0f3",
        base_url=account_a.base_url,
    )
    assert "Account C" in _switcher_names(admin_client, account_a)
    account_c.delete()
    assert "Account C" not in _switcher_names(admin_client, account_a)


def test_a_person_made_admin_sees_every_account_in_the_switcher(
    support_client, support_user, account_a, account_b
):
    assert "Account B" not in _switcher_names(support_client, account_a)
    support_user.role = Role.ADMIN
    support_user.save(update_fields=["role"])
    assert "Account B" in _switcher_names(support_client, account_a)


def _switcher(client, account) -> str:
    body = client.get(_types(account)).content.decode()
    return body.split('class="account-switcher"', 1)[1].split("</nav>", 1)[0]


def test_the_switcher_marks_the_pages_account_and_follows_the_person_to_another(
    admin_client, account_a, account_b
):
    # The items are remembered per person; which one is the page's account is not.
    link_a = f'href="/a/{account_a.account_id}/"'
    link_b = f'href="/a/{account_b.account_id}/"'
    on_a = _switcher(admin_client, account_a)
    assert f'{link_a} aria-current="page">Account A</a>' in on_a
    assert f"{link_b}>Account B</a>" in on_a
    on_b = _switcher(admin_client, account_b)
    assert f"{link_a}>Account A</a>" in on_b
    assert f'{link_b} aria-current="page">Account B</a>' in on_b
    assert on_b.count("aria-current") == 1


def test_the_switcher_writes_an_account_name_as_text(admin_client, account_a, account_b):
    account_b.name = 'B & <script>alert("x")</script>'
    account_b.save()
    switcher = _switcher(admin_client, account_a)
    assert ">B &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>" in switcher
    assert "<script>" not in switcher


def test_the_footer_names_the_role_in_the_persons_language(admin_client, admin_user):
    assert "Logged in as ada (Admin) · " in admin_client.get("/me/language/").content.decode()
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])
    assert "Ingelogd als ada (Beheer) · " in admin_client.get("/me/language/").content.decode()
