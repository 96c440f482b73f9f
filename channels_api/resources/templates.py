"""WhatsApp templates: categories, the templates, their languages and replacement fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from channels_api._transport import Operation
from channels_api.models import (
    ApiWhatsAppTemplate,
    ApiWhatsAppTemplateBaseRequest,
    ApiWhatsAppTemplateBaseResponse,
    ApiWhatsAppTemplateCategory,
    ApiWhatsAppTemplateLanguage,
    ApiWhatsAppTemplateUpdateRequest,
)
from channels_api.resources._base import Resource, implements, require_choice, require_text

FIELD_TYPES = ("text", "currency", "datetime")
FieldType = Literal["text", "currency", "datetime"]

_BASE = "/accounts/{accountId}/whatsapp/{channelRequestId}/templates"
_G = "templates"
LIST_CATEGORIES = Operation(_G, "Get supported template categories", "GET", f"{_BASE}/categories")
CREATE_TEMPLATE = Operation(_G, "Create a template", "POST", _BASE)
LIST_TEMPLATES = Operation(_G, "Get your templates", "GET", _BASE)
GET_TEMPLATE = Operation(_G, "Get a template by id", "GET", f"{_BASE}/{{templateId}}")
UPDATE_TEMPLATE = Operation(_G, "Update a template", "PUT", f"{_BASE}/{{templateId}}")
REQUEST_VALIDATION = Operation(
    _G, "Request validation of a template", "POST", f"{_BASE}/{{templateId}}/validate"
)
CREATE_FIELD = Operation(
    _G, "Create a template replacement field", "POST", f"{_BASE}/{{templateId}}/fields"
)
UPDATE_FIELD = Operation(
    _G, "Update a template replacement field", "PUT", f"{_BASE}/{{templateId}}/fields/{{fieldId}}"
)
DELETE_FIELD = Operation(
    _G,
    "Delete a template replacement field",
    "DELETE",
    f"{_BASE}/{{templateId}}/fields/{{fieldId}}",
)


def _field_query(name: str, type: str) -> dict[str, str]:
    # Both are required query parameters of the field writes (endpoints.tsv: name*, type*).
    return {"name": require_text("name", name), "type": require_choice("type", type, FIELD_TYPES)}


def _content(language: str, text: object) -> str:
    # A language's content is text; None would be dropped from the body (to_body leaves out
    # None) and the language sent as ``{}``, which reads as a change that changes nothing.
    if not isinstance(text, str):
        raise ValueError(f"contents[{language!r}] must be text; got {text!r}")
    return text


class Templates(Resource):
    """``client.templates``: the WhatsApp templates of one WhatsApp channel request."""

    @implements(LIST_CATEGORIES)
    def list_categories(self, channel_request_id: str) -> list[ApiWhatsAppTemplateCategory]:
        """The categories a template can be created in."""
        return self._call(
            LIST_CATEGORIES,
            path_params={"channelRequestId": channel_request_id},
            parse=list[ApiWhatsAppTemplateCategory],
        )

    @implements(CREATE_TEMPLATE)
    def create(
        self, channel_request_id: str, *, name: str, category_id: str
    ) -> ApiWhatsAppTemplate:
        """Create an empty template (NOTES.md rule 10: name in the body, category in the query)."""
        body = ApiWhatsAppTemplateBaseRequest(name=require_text("name", name)).to_body()
        # templateCategoryId is a required query parameter: without it the transport would
        # drop the None and ask the API for a template in no category.
        query = {"templateCategoryId": require_text("category_id", category_id)}
        return self._call(
            CREATE_TEMPLATE,
            path_params={"channelRequestId": channel_request_id},
            query=query,
            body=body,
            parse=ApiWhatsAppTemplate,
        )

    @implements(LIST_TEMPLATES)
    def list(
        self,
        channel_request_id: str,
        *,
        q: str | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiWhatsAppTemplateBaseResponse]:
        """One page of templates, optionally filtered by text."""
        return self._call(
            LIST_TEMPLATES,
            path_params={"channelRequestId": channel_request_id},
            query={"q": q or None, "skip": skip, "take": take},
            parse=list[ApiWhatsAppTemplateBaseResponse],
        )

    @implements(GET_TEMPLATE)
    def get(self, channel_request_id: str, template_id: str) -> ApiWhatsAppTemplate:
        """One template with its replacement fields and every language's content and state."""
        return self._call(
            GET_TEMPLATE,
            path_params={"channelRequestId": channel_request_id, "templateId": template_id},
            parse=ApiWhatsAppTemplate,
        )

    @implements(UPDATE_TEMPLATE)
    def update(
        self,
        channel_request_id: str,
        template_id: str,
        *,
        name: str | None = None,
        category_id: str | None = None,
        contents: Mapping[str, str] | None = None,
    ) -> ApiWhatsAppTemplate:
        """Change the name, the category, or the content of languages (keyed by language name).

        Only the content of a language is editable, and not once WhatsApp approved it.
        """
        if name is None and category_id is None and contents is None:
            raise ValueError("nothing to update: give name, category_id or contents")
        # Only what was given is set on the model, so to_body() sends only that.
        changes: dict[str, object] = {}
        if category_id is not None:
            changes["template_category_id"] = category_id
        if name is not None:
            changes["name"] = name.strip()
        if contents is not None:
            changes["languages"] = {
                language: ApiWhatsAppTemplateLanguage(content=_content(language, text))
                for language, text in contents.items()
            }
        body = ApiWhatsAppTemplateUpdateRequest.model_validate(changes).to_body()
        return self._call(
            UPDATE_TEMPLATE,
            path_params={"channelRequestId": channel_request_id, "templateId": template_id},
            body=body,
            parse=ApiWhatsAppTemplate,
        )

    @implements(REQUEST_VALIDATION)
    def request_validation(self, channel_request_id: str, template_id: str) -> ApiWhatsAppTemplate:
        """Submit the template to WhatsApp for approval."""
        return self._call(
            REQUEST_VALIDATION,
            path_params={"channelRequestId": channel_request_id, "templateId": template_id},
            parse=ApiWhatsAppTemplate,
        )

    @implements(CREATE_FIELD)
    def add_field(
        self, channel_request_id: str, template_id: str, *, name: str, type: FieldType = "text"
    ) -> ApiWhatsAppTemplate:
        """Add a replacement field (text, currency or datetime)."""
        return self._call(
            CREATE_FIELD,
            path_params={"channelRequestId": channel_request_id, "templateId": template_id},
            query=_field_query(name, type),
            parse=ApiWhatsAppTemplate,
        )

    @implements(UPDATE_FIELD)
    def update_field(
        self,
        channel_request_id: str,
        template_id: str,
        field_id: str,
        *,
        name: str,
        type: FieldType,
    ) -> ApiWhatsAppTemplate:
        """Rename or retype a replacement field (NOTES.md rule 11: query parameters only)."""
        return self._call(
            UPDATE_FIELD,
            path_params={
                "channelRequestId": channel_request_id,
                "templateId": template_id,
                "fieldId": field_id,
            },
            query=_field_query(name, type),
            parse=ApiWhatsAppTemplate,
        )

    @implements(DELETE_FIELD)
    def delete_field(
        self, channel_request_id: str, template_id: str, field_id: str
    ) -> ApiWhatsAppTemplate:
        """Remove a replacement field."""
        return self._call(
            DELETE_FIELD,
            path_params={
                "channelRequestId": channel_request_id,
                "templateId": template_id,
                "fieldId": field_id,
            },
            parse=ApiWhatsAppTemplate,
        )
