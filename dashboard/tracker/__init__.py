"""The pending tracker: a Celery poller that watches what is pending at CM.com for every
account, keeps each item's history of status changes, notifies the people who care (a bell
in the dashboard, e-mail to subscribers), and shows a board of everything still pending.

- ``statuses.py``: the kinds of item and their statuses, ordered so a status only moves
  forward;
- ``poller.py``: one cycle's upstream reads for one account (each list walked once, details
  only for items that changed and need them);
- ``services.py``: applying what a cycle saw, notifications, e-mail, "Poll now",
  subscriptions;
- ``lock.py``: one poll per account at a time;
- ``tasks.py``: the Celery tasks (``tracker.poll_all`` on beat, ``tracker.poll_account``,
  ``tracker.email_change``), which call the services;
- ``queue.py``: how the services queue those tasks, by name (they never import ``tasks``);
- ``selectors.py``, ``views.py``: the board, the bell, notifications and subscriptions.
"""
