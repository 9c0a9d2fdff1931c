"""A GIN index for the API's full-text search over statement and quote (PostgreSQL only).

The expression must match the one claims.api.filters.FullTextSearchFilter builds,
or the planner will not use the index. SQLite searches with LIKE and gets no index.
"""

from django.db import migrations

INDEX = "claim_search_vector_idx"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin (
    to_tsvector('english'::regconfig, COALESCE(statement, '') || ' ' || COALESCE(quote, ''))
)
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_admin_claimdueforreview")]

    operations = [migrations.RunPython(create_index, drop_index)]
