"""The imports app's URLs, under a WhatsApp request's templates: ``.../templates/import/``.

The account is part of each pattern (included at the root), so every route's own pattern names
all its parameters, as the access matrix reads them.
"""

from django.urls import path

from dashboard.imports import views

app_name = "imports"

_I = "a/<uuid:account_id>/whatsapp/<uuid:whatsapp_request_id>/templates/import/"
_A = "a/<uuid:account_id>/"
_RUN = _I + "<uuid:run_id>/"

urlpatterns = [
    # The sample is the same for every request: no request in its path, nothing to read.
    path(_A + "templates/import/sample.csv", views.sample, name="sample"),
    path(_I, views.start, name="start"),
    path(_RUN, views.report, name="report"),
    path(_RUN + "progress/", views.progress, name="progress"),
    path(_RUN + "import/", views.run, name="run"),
    path(_RUN + "submit/", views.submit, name="submit"),
]
