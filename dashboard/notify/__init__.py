"""Notifications people chose (issue 18): for each person, which accounts and which kinds of
event reach them, and how (in the app, e-mail at once, or the daily digest).

It sits above ``people`` and ``audit`` and below ``reviews`` and the page apps: the tracker
and the reviews ask ``selectors.routing`` whom to tell and how before they write a
notification or send an e-mail; the tracker sends the digest (it reads both kinds of rows).
The digest hour is a UTC hour: the project stores no time zone per person.
"""
