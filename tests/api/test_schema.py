"""The OpenAPI schema describes every operation, parameter and error response."""

import pytest


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_and_parameter_is_described(schema):
    undescribed = [
        name for name, op in operations(schema) if not (op.get("description") or op.get("summary"))
    ]
    assert undescribed == []
    bare = [
        f"{name} {parameter['name']}"
        for name, op in operations(schema)
        for parameter in op.get("parameters", [])
        if not parameter.get("description")
    ]
    assert bare == []


def test_every_operation_describes_its_errors(schema):
    for name, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "403", "429"} <= set(responses), name
        if operation.get("parameters") or "requestBody" in operation:
            assert "400" in responses, name
        if "{" in name:
            assert "404" in responses, name
