"""People and roles: the custom user model, what each role may do (``access``: capabilities,
``get_account_or_404``, ``require``), the menus' context, and the admin pages that manage
people."""
