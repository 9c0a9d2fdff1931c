"""OpenAPI additions: the error responses every operation can give, described once."""

ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error about the request as a whole.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": (
            "Invalid input: each key is a field or query parameter, each value its messages. "
            "Errors about the whole object (e.g. an illegal lifecycle move) are under `non_field_errors`."
        ),
        # Nested and list fields give {index or name: [messages]} instead of a list.
        "additionalProperties": {
            "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
        },
        "example": {"due_before": ["Enter a valid date."]},
    },
}


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def add_error_responses(result, generator, request, public):
    """Add 400/401/403/404/406/413/415/429 to each operation unless it describes them itself."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = {
                "401": _response("No valid credentials (token authentication).", "ErrorDetail"),
                "403": _response(
                    "Not logged in (session authentication), or the user lacks the permission.",
                    "ErrorDetail",
                ),
                "406": _response("No representation matches the Accept header.", "ErrorDetail"),
                "429": _response("Throttled: too many requests; retry later.", "ErrorDetail"),
            }
            if operation.get("parameters") or "requestBody" in operation:
                errors["400"] = {
                    "description": "Invalid input or filter value (field messages), or a malformed body.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/ValidationErrors"},
                                    {"$ref": "#/components/schemas/ErrorDetail"},
                                ]
                            }
                        }
                    },
                }
                errors["415"] = _response("The request body's content type is not accepted.", "ErrorDetail")
                errors["413"] = _response(
                    "The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE.", "ErrorDetail"
                )
            names = {p["name"] for p in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                errors["404"] = _response(
                    "No such object visible to this user, or no such page.", "ErrorDetail"
                )
            for status, response in errors.items():
                responses.setdefault(status, response)
    return result
