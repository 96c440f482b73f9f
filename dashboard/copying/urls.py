"""The copying app's URLs: under the source request's templates (pick, preview, copy) and
under the source account (a run and its retry).

The account is part of each pattern (included at the root), so every route's own pattern
names all its parameters, as the access matrix reads them.
"""

from django.urls import path

from dashboard.copying import views

app_name = "copying"

_A = "a/<uuid:account_id>/"
_COPY = _A + "whatsapp/<uuid:whatsapp_request_id>/templates/copy/"
_RUN = _A + "copies/<uuid:copy_run_id>/"

urlpatterns = [
    path(_COPY, views.pick, name="pick"),
    path(_COPY + "preview/", views.preview, name="preview"),
    path(_COPY + "start/", views.start, name="start"),
    path(_RUN, views.run, name="run"),
    path(_RUN + "retry/", views.retry, name="retry"),
]
