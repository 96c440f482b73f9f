"""CM.com accounts: the model and its encrypted product token (``crypto``, ``fields``).

The pages, services and commands that manage accounts are ``dashboard.manage.accounts``: they
record audit entries and talk to CM.com, both of which sit above this app.
"""
