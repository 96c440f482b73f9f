"""The studio's URLs: ``/a/<account id>/templates/`` finds the WhatsApp channel request; the
rest lives under ``/a/<account id>/whatsapp/<request id>/templates/``.

The account is part of each pattern here (included at the root) rather than of the include,
so every route's own pattern names all its parameters, as the access matrix reads them.
"""

from django.urls import path

from dashboard.studio import views

app_name = "studio"

_A = "a/<uuid:account_id>/"
_T = _A + "whatsapp/<uuid:whatsapp_request_id>/templates/"
_ONE = _T + "<uuid:template_id>/"

urlpatterns = [
    path(_A + "templates/", views.pick, name="pick"),
    path(_T, views.template_list, name="list"),
    path(_T + "new/", views.create, name="create"),
    path(_ONE, views.edit, name="edit"),
    path(_ONE + "draft/", views.draft_save, name="draft"),
    path(_ONE + "save/", views.save, name="save"),
    path(_ONE + "fields/add/", views.field_add, name="field_add"),
    path(_ONE + "fields/delete/", views.field_delete, name="field_delete"),
    path(_ONE + "languages/add/", views.language_add, name="language_add"),
    path(_ONE + "languages/remove/", views.language_remove, name="language_remove"),
    path(_ONE + "validate/", views.validate, name="validate"),
    path(_ONE + "duplicate/", views.duplicate, name="duplicate"),
    path(_ONE + "versions/", views.versions, name="versions"),
    path(_ONE + "versions/compare/", views.compare, name="compare"),
    path(_ONE + "versions/restore/", views.restore, name="restore"),
]
